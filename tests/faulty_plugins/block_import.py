"""Blocks for an hour at import."""

import time

time.sleep(3600)
