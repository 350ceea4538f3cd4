import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_package_imports_no_django():
    # A fresh interpreter: in the test process Django may already be loaded by other apps' tests.
    code = "import timelimits, sys; assert not any(m.startswith('django') for m in sys.modules), 'django imported'"
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True)
