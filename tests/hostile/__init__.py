"""The hostile-input suite: data files are untrusted; what they can never do."""
