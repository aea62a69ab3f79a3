"""advisor-neocloud: an example third-party provider plugin for a fictional GPU cloud, NeoCloud."""
