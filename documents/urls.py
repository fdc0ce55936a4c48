"""Document pages: the archive and a document's pages, issuing bodies and Word templates."""

from django.urls import include, path

from core.views.registration import get_model_urls
from documents import views  # noqa: F401 — importing the module makes its declarations

app_name = "documents"

urlpatterns = [
    path("", include(get_model_urls("documents", "document"))),
    path("bodies/", include(get_model_urls("documents", "issuingbody"))),
    path("templates/", include(get_model_urls("documents", "documenttemplate"))),
    path("sentences/", include(get_model_urls("documents", "sentencetemplate"))),
]
