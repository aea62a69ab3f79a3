"""advisor provider plugin: Microsoft Azure: virtual machines."""
