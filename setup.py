"""The packages the wheel holds; everything else is in pyproject.toml.

``migrations/`` stays top-level in the checkout (alembic.ini and the design card put it
there) and ships inside the package as ``imrdb.migrations``, which imrdb finds with
importlib.resources in a wheel and in an editable install alike. pyproject.toml cannot say
"every imrdb package, found, plus one mapped from elsewhere", hence this file.
"""

from setuptools import find_packages, setup

MIGRATIONS = {"imrdb.migrations": "migrations", "imrdb.migrations.versions": "migrations/versions"}

setup(packages=[*find_packages(include=["imrdb", "imrdb.*"]), *MIGRATIONS], package_dir=MIGRATIONS)
