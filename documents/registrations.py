"""What documents adds to the rest of the system, all through core.registry: pages, API, menu and demo step."""


def register_all() -> None:
    from core import registry
    from documents.demo import load_documents

    registry.register_demo_step(60, "documents", load_documents)
