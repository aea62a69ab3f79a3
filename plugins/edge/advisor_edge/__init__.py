"""advisor provider plugin: Edge: AWS Outposts, Local Zones, Azure Stack Edge, Google Distributed Cloud."""
