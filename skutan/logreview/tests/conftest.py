from skutan.core.tests.fixtures import *  # noqa: F401,F403
