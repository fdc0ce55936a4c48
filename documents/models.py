"""Official documents (公文): who issues them, their 发文字号 sequence, the documents and the cities' Word templates."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from documents.choices import DocumentKind, DocumentStatus, TaskState


class IssuingBody(BaseModel):
    """A 发文机关: its red mark (发文机关标志), the prefix of its document numbers, its signature and 版记 lines."""

    name = models.CharField(_("发文机关"), max_length=100, unique=True)
    mark = models.CharField(_("发文机关标志"), max_length=100, help_text=_("如：营口市发展和改革委员会文件"))
    number_prefix = models.CharField(_("发文字号代字"), max_length=30, help_text=_("如：营发改发"))
    signature = models.CharField(_("署名"), max_length=100)
    printer = models.CharField(_("印发机关"), max_length=100, blank=True)
    copies_to = models.CharField(_("抄送"), max_length=300, blank=True)
    addressee = models.CharField(_("主送机关"), max_length=300, blank=True)
    is_default = models.BooleanField(_("默认发文机关"), default=False)

    class Meta:
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")
        ordering = ("-is_default", "name")

    def __str__(self):
        return self.name

    def number(self, year: int, serial: int) -> str:
        """营发改发〔2024〕12号: the full year in 六角括号, no 第, no leading zeros."""
        return f"{self.number_prefix}〔{year}〕{serial}号"


class NumberSequence(BaseModel):
    """The last serial given to an issuing body's documents in a year; `allocate` hands out the next one."""

    issuing_body = models.ForeignKey(IssuingBody, models.CASCADE, related_name="sequences", verbose_name=_("发文机关"))
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("发文字号序列")
        verbose_name_plural = _("发文字号序列")
        constraints = [models.UniqueConstraint(fields=("issuing_body", "year"), name="documents_one_sequence_a_year")]

    def __str__(self):
        return f"{self.issuing_body}〔{self.year}〕{self.last}"

    @classmethod
    def allocate(cls, issuing_body, year: int) -> int:
        """The next serial, under a row lock: two documents issued at once never share a number."""
        cls.objects.get_or_create(issuing_body=issuing_body, year=year)
        with transaction.atomic():
            sequence = cls.objects.select_for_update().get(issuing_body=issuing_body, year=year)
            sequence.last += 1
            sequence.save(update_fields=["last", "updated"])
            return sequence.last


def template_path(instance, filename):
    return f"documents/templates/{instance.kind}/{filename}"


class DocumentTemplate(BaseModel):
    """A city's own Word template for a kind of document (edited in Word, uploaded, checked by rendering it)."""

    kind = models.CharField(_("公文类别"), max_length=20, choices=DocumentKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    file = models.FileField(_("模板文件"), upload_to=template_path, validators=[FileExtensionValidator(["docx"])])
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("同类公文只启用最新上传的一个"))

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")
        ordering = ("kind", "-created")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.name}"


class SentenceTemplate(BaseModel):
    """The city's wording of one sentence of a kind of document (documents.phrasing): text with named placeholders
    ({count}, {investment} …) the builder fills from the figures; an unknown placeholder is refused on save."""

    kind = models.CharField(_("公文类别"), max_length=20, choices=DocumentKind.choices)
    key = models.CharField(_("句式"), max_length=40)
    text = models.TextField(_("句式文字"), help_text=_("占位符写在花括号中，如 {count}；文字中的花括号写作 {{ 和 }}"))

    class Meta:
        verbose_name = _("公文句式")
        verbose_name_plural = _("公文句式")
        ordering = ("kind", "key")
        constraints = [models.UniqueConstraint(fields=("kind", "key"), name="documents_one_wording_a_sentence")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.label}"

    @property
    def label(self) -> str:
        """What the sentence says (the shipped catalogue's label), else its key."""
        from documents.phrasing import SENTENCES

        sentence = SENTENCES.get((self.kind, self.key))
        return str(sentence.label) if sentence else self.key

    @property
    def placeholders(self) -> str:
        """The placeholders this sentence may use, with what each is."""
        from documents.phrasing import allowed_text

        return allowed_text(self.kind, self.key)

    def clean(self):
        from documents.phrasing import check

        super().clean()
        check(self.kind, self.key, self.text)

    def save(self, *args, **kwargs):
        """Checked on every save (page, shell, import), not only in the form: a document never meets a wording
        it cannot fill."""
        from documents.phrasing import check

        check(self.kind, self.key, self.text)
        super().save(*args, **kwargs)


def output_path(instance, filename):
    return f"documents/issued/{instance.year}/{filename}"


class Document(BaseModel):
    """A circular, summary, assessment or work report for a period: a draft recomputed from live data, or an
    issued document whose content is frozen (`content`) with its number and generated files."""

    kind = models.CharField(_("公文类别"), max_length=20, choices=DocumentKind.choices)
    period = models.CharField(_("期次"), max_length=10, help_text=_("月度 2024-05，季度 2024-Q2，年度 2024"))
    year = models.PositiveSmallIntegerField(_("年度"))
    issuing_body = models.ForeignKey(IssuingBody, models.PROTECT, verbose_name=_("发文机关"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("发文字号"), max_length=50, blank=True)
    race_publication = models.ForeignKey(
        "race.RacePublication", models.PROTECT, null=True, blank=True, verbose_name=_("引用的赛马发布")
    )
    content = models.JSONField(_("正文快照"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("签发人")
    )
    docx = models.FileField(_("Word 文件"), upload_to=output_path, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to=output_path, blank=True)
    # Issuing runs as a background task (documents.tasks); the page shows how far it got.
    task_state = models.CharField(_("生成状态"), max_length=10, choices=TaskState.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    task_message = models.CharField(_("生成说明"), max_length=300, blank=True)

    scope_published_field = "status"
    scope_published_value = DocumentStatus.ISSUED

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ("-year", "-period", "kind", "-created")
        constraints = [
            models.UniqueConstraint(
                fields=("issuing_body", "year", "serial"),
                name="documents_unique_number",
                condition=models.Q(serial__isnull=False),
            )
        ]

    def __str__(self):
        return self.number or f"{self.title}（{_('草稿')}）"

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED
