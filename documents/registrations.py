"""What documents adds to the rest of the system, all through core.registry: pages, API, menu and demo step."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from core import registry
    from documents.demo import load_documents

    registry.register_urls("documents", "documents.urls")
    registry.register_api("documents", "documents.api.urls", "documents-api")
    group = _("公文")
    registry.register_menu_item(
        _("公文档案"), "documents:document_list", group=group, order=90, model="documents.Document"
    )
    registry.register_menu_item(
        _("公文模板"), "documents:documenttemplate_list", group=group, order=91, model="documents.DocumentTemplate"
    )
    registry.register_menu_item(
        _("公文句式"), "documents:sentencetemplate_list", group=group, order=93, model="documents.SentenceTemplate"
    )
    registry.register_menu_item(
        _("发文机关"), "documents:issuingbody_list", group=group, order=92, model="documents.IssuingBody"
    )
    registry.register_demo_step(70, "documents", load_documents)
