"""Django-free statistics for the observatory: rates, trends, concentration, hotspots, priorities.

Functions here take and return plain data (numpy arrays, pandas DataFrames, dataclasses) so that
other programs can reuse them; Django apps adapt ORM data into them. Never import Django here.
"""
