"""OAI-PMH 2.0 at /oai/: the current editions as Dublin Core records for library harvesters."""
