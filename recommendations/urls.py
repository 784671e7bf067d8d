from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.progress, name="progress"),
    path("resolutions/<slug:slug>/", views.resolution, name="resolution"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
]
