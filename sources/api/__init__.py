"""The sources app's endpoints: the register (sources.py)."""
