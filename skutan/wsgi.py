"""The WSGI entry point. Production settings unless DJANGO_SETTINGS_MODULE says otherwise: a server that
forgets to choose must refuse to start (missing secrets) rather than run with development defaults."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skutan.settings.production")
application = get_wsgi_application()
