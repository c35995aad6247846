"""Editorial history, the review workflow and publication of editions."""
