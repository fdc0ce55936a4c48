"""Documents API routes, under the namespace "documents-api"."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from documents.api import views

router = DefaultRouter()
router.register("documents", views.DocumentViewSet)
router.register("bodies", views.IssuingBodyViewSet)
router.register("templates", views.DocumentTemplateViewSet)
router.register("sentences", views.SentenceTemplateViewSet)

urlpatterns = [path("", include((router.urls, "documents-api")))]
