"""The admin site's own texts: it is the portal's office, in Russian."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

admin.site.site_header = gettext_lazy("Resolution Portal — administration")
admin.site.site_title = gettext_lazy("Resolution Portal")
admin.site.index_title = gettext_lazy("Reports and review")
admin.site.site_url = "/"
# The start page and the breadcrumbs lead everywhere; the width goes to the lists.
admin.site.enable_nav_sidebar = False
