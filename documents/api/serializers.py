"""Documents in the API: the archive's rows, a document with its content (frozen when issued), issuing bodies."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from documents.choices import DocumentKind
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate


class IssuingBodySerializer(serializers.ModelSerializer):
    class Meta:
        model = IssuingBody
        fields = ("id", "name", "mark", "number_prefix", "signature", "printer", "copies_to", "addressee", "is_default")


class DocumentSerializer(serializers.ModelSerializer):
    """A document's record; `content` is its frozen text once issued (a draft's is built on request)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Document
        fields = (
            "id",
            "kind",
            "kind_label",
            "period",
            "year",
            "issuing_body",
            "title",
            "status",
            "status_label",
            "number",
            "race_publication",
            "issued_at",
            "task_state",
            "progress",
            "task_message",
        )
        read_only_fields = fields


class DraftSerializer(serializers.Serializer):
    """POST to draft a document: kind and period (issuing body optional, the default otherwise)."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    period = serializers.CharField(max_length=10)
    issuing_body = serializers.PrimaryKeyRelatedField(queryset=IssuingBody.objects.all(), required=False)


class DocumentTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentTemplate
        fields = ("id", "kind", "name", "file", "is_active", "created")
        read_only_fields = ("file", "created")


class SentenceTemplateSerializer(serializers.ModelSerializer):
    """A wording of one sentence: what it says, the placeholders it may use, and its text (checked as on the page)."""

    label = serializers.CharField(read_only=True)
    placeholders = serializers.CharField(read_only=True)

    class Meta:
        model = SentenceTemplate
        fields = ("id", "kind", "key", "label", "text", "placeholders")

    def validate(self, attrs):
        from documents.phrasing import check

        kind = attrs.get("kind", getattr(self.instance, "kind", ""))
        key = attrs.get("key", getattr(self.instance, "key", ""))
        try:
            check(kind, key, attrs.get("text", getattr(self.instance, "text", "")))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs
