"""The folded text of existing leads in the form every search backend matches: words only
(search.leads.lead_text, D167), so punctuation no longer sticks to a word."""

from django.db import migrations

from search.leads import lead_text


def forwards(apps, schema_editor):
    Lead = apps.get_model("leads", "Lead")
    for lead in Lead.objects.select_related("category", "province", "commune").iterator():
        places = [lead.province.name, lead.commune.name if lead.commune_id else ""]
        text = lead_text(lead.title, lead.description, lead.category.name, *places)
        if text != lead.search_folded:
            Lead.objects.filter(pk=lead.pk).update(search_folded=text)


class Migration(migrations.Migration):
    dependencies = [("leads", "0002_lead_expiry_announced")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
