"""advisor provider plugin: Amazon Web Services: EC2 GPU and CPU instances."""
