from django.contrib import admin

from .models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "year", "window_opens", "window_closes", "budget", "rules_edition"]
    list_filter = ["programme", "year"]
