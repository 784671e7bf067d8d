"""The roles for tests that empty the tables.

The root conftest brings the roles back before every transactional test; this
fixture stays as the explicit name such tests ask for.
"""

import pytest


@pytest.fixture
def roles(transactional_db, _roles_survive_flushes) -> None:
    """The Officials and Coordinators groups, with their permissions."""
