"""ASGI entry point for production servers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from config.serving import freeze_start_up_objects  # noqa: E402 - once Django is set up

freeze_start_up_objects()
