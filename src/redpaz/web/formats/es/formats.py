"""Colombian conventions for Spanish pages (DANE and the Policía publish): 2.549.008 and 43,40."""

from django.conf.locale.es_CO.formats import *  # noqa: F403
