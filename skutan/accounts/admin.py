from django.contrib import admin

from skutan.accounts.models import Delegation, Department, Membership, Municipality, SpecialRight, Unit, User
from skutan.core.admin_site import ReadOnlyAdmin


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "board_name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "parent")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "department", "closed_on")
    list_filter = ("kind",)
    exclude = ("version",)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "unit", "role")


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("point", "decision_kind", "max_amount", "user", "unit", "role", "valid_from", "valid_to")


@admin.register(SpecialRight)
class SpecialRightAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "unit", "valid_from", "valid_to", "revoked_at")


# django-axes registers its login-attempt logs (usernames and IP addresses: personal data) as editable.
# Keep them, read-only.
# django-otp registers the TOTP devices (their secrets) as editable too: read-only as well.
for _model in [m for m in list(admin.site._registry) if m._meta.app_label in ("axes", "otp_totp", "otp_static")]:
    admin.site.unregister(_model)
    admin.site.register(_model, ReadOnlyAdmin)
