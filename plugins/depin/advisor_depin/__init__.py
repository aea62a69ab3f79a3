"""advisor provider plugin: Decentralised GPU networks: Akash, io.net, Vast.ai, Render, Livepeer."""
