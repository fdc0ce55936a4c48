"""The audit log: who did what security-relevant thing, when, from which address, to which object."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What an audit event records; the labels are what the city administrator filters by."""

    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("登录锁定")
    UNLOCK = "unlock", _("解除锁定")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载")
    IMPORT = "import", _("导入")
    TOKEN_CREATED = "token_created", _("签发 API 令牌")
    TOKEN_SHOWN = "token_shown", _("查看 API 令牌")
    PERMISSION_DENIED = "permission_denied", _("拒绝访问")
    DELETED_WITH_REASON = "deleted_with_reason", _("附理由删除")


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    """Reading and adding only: bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly(_("审计日志只能追加，不能修改。"))

    def delete(self):
        raise AuditLogIsAppendOnly(_("审计日志只能追加，不能删除。"))

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly(_("审计日志只能追加，不能修改。"))


class AuditEvent(models.Model):
    """One security-relevant event, kept for good: rows are only ever added (the ORM and the database refuse
    updates and deletes), so the log can be trusted as a record of who logged in, exported, imported or was refused.

    The user is kept as a plain id plus the user name at the time, so a deleted or renamed account leaves the
    record as it was (no cascade, no SET NULL rewriting history).
    """

    time = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("事件"), max_length=24, choices=AuditAction.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    method = models.CharField(_("请求方法"), max_length=8, blank=True)
    path = models.CharField(_("网址"), max_length=500, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计日志")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"], name="audit_default_order")]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly(_("审计日志只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly(_("审计日志只能追加，不能删除。"))
