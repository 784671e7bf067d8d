"""Sample report states that pass the workflow's rules (`STATUS_RULES`).

The one table of them: generated data, the benchmarks and the tests' scenes
all draw their statuses and progress from it.
"""

from ...models import Status

# A status and a progress it allows; a standing duty's only among them last.
SAMPLE_STATES = (
    (Status.DONE, 100),
    (Status.IN_PROGRESS, 40),
    (Status.NOT_STARTED, 0),
    (Status.DELAYED, 20),
    (Status.ONGOING, 60),
)
