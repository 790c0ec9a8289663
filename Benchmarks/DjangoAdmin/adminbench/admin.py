from django.contrib import admin

from .models import Owner, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "completed", "created_at"]
    list_filter = ["completed", "owner"]
    search_fields = ["name"]


admin.site.register(Owner)
