"""The content of the dictionary and the public reader's site."""
