import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
django_application = get_wsgi_application()

# The exchange gateway's calls skip the pages' middleware (tinhso/exchange/door.py).
from tinhso.exchange.door import wrap  # noqa: E402 (needs the settings above)

application = wrap(django_application)
