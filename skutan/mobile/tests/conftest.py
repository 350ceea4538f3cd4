from skutan.adults.tests.fixtures import adult_case, adult_staff, adult_units  # noqa: F401
