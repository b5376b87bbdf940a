"""Alembic migrations, shipped as ``imrdb.migrations`` (setup.py) so installs find them."""
