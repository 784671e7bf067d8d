from django.urls import path

from . import views
from .feeds import PublishedUpdatesFeed

app_name = "recommendations"

urlpatterns = [
    path("", views.progress, name="progress"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<slug:slug>/", views.resolution, name="resolution"),
    path(
        "resolutions/<slug:slug>/progress.svg",
        views.progress_chart,
        name="progress_chart",
    ),
    path(
        "resolutions/<slug:slug>/original.txt",
        views.original_text,
        name="original_text",
    ),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("feed/", PublishedUpdatesFeed(), name="feed"),
]
