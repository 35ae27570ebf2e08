"""One module per CLI command; each is a click command that parses, calls the library and prints."""
