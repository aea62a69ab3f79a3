"""Criteria beside cost: latency to the users, the privacy level of a venue, operational carbon
(with the PUE and grid defaults used where a venue gives none)."""
