/// The admin's templates, by Django's names; an app's own `templates/admin/…` file (or
/// `app.templates["admin/…"]`) of the same name replaces one, as in Django. Most pages
/// extend `admin/base_site.html`, which an app overrides to rebrand the header.
enum AdminTemplates {
    static let all: [String: String] = [
        "admin/base.html": base, "admin/base_site.html": baseSite, "admin/index.html": index,
        "admin/app_index.html": appIndex, "admin/login.html": login, "admin/logged_out.html": loggedOut,
        "admin/change_list.html": changeList, "admin/change_list_results.html": changeListResults,
        "admin/filter.html": filter,
        "admin/change_form.html": changeForm,
        "admin/delete_confirmation.html": deleteConfirmation,
        "admin/delete_selected_confirmation.html": deleteSelectedConfirmation,
        "admin/object_history.html": objectHistory, "admin/includes/deleted_objects.html": deletedObjects,
        "admin/includes/app_list.html": appList, "admin/edit_inline.html": editInline,
        "admin/includes/related_widget.html": relatedWidget,
        "admin/password_change_form.html": passwordChangeForm, "admin/popup_response.html": popupResponse,
        "admin/password_change_done.html": passwordChangeDone,
    ]

    /// A form field with what its relation adds (the `row` of a change form or an inline's
    /// form): an autocomplete search, the links to add or change the related row, or a
    /// raw-id box's lookup link and the chosen row's name.
    static let relatedWidget = """
        {% if row.autocomplete_url %}<div class="related-widget-wrapper" data-autocomplete-url="{{ row.autocomplete_url }}" data-label="{{ row.field.label }}">{{ row.field }}</div>{% else %}{{ row.field }}{% endif %}{% if not row.raw_id %}{% if row.related_change_template %} <a class="related-widget-wrapper-link change-related" id="change_{{ row.field.auto_id }}" data-href-template="{{ row.related_change_template }}" href="#" title="{% blocktranslate with model=row.related_name %}Change selected {{ model }}{% endblocktranslate %}" aria-label="{% blocktranslate with model=row.related_name %}Change selected {{ model }}{% endblocktranslate %}" hidden><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M2 14l1-4 8-8 3 3-8 8z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg></a>{% endif %}{% if row.related_add_url %} <a class="related-widget-wrapper-link add-related" id="add_{{ row.field.auto_id }}" href="{{ row.related_add_url }}" title="{% blocktranslate with model=row.related_name %}Add another {{ model }}{% endblocktranslate %}" aria-label="{% blocktranslate with model=row.related_name %}Add another {{ model }}{% endblocktranslate %}"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 2v12M2 8h12" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg></a>{% endif %}{% endif %}{% if row.raw_id %}{% if row.raw_id.lookup_url %} <a href="{{ row.raw_id.lookup_url }}" class="related-lookup" id="lookup_{{ row.field.auto_id }}" title="{% translate "Lookup" %}" aria-label="{% translate "Lookup" %}"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg></a>{% endif %}{% if row.raw_id.label %} <strong>{% if row.raw_id.url %}<a href="{{ row.raw_id.url }}">{{ row.raw_id.label }}</a>{% else %}{{ row.raw_id.label }}{% endif %}</strong>{% endif %}{% endif %}
        """

    static let editInline = """
        <div class="inline-group" id="{{ inline.prefix }}-group">
        <fieldset class="module {% if inline.tabular %}tabular{% else %}stacked{% endif %}">
        <h2>{{ inline.title }}</h2>
        {{ inline.management_form }}
        {% if inline.readonly_rows %}<ul class="readonly-rows">{% for row in inline.readonly_rows %}<li>{{ row }}</li>{% endfor %}</ul>{% endif %}
        {% if inline.non_form_errors %}<ul class="errorlist nonform">{% for error in inline.non_form_errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
        {% if inline.tabular %}
        <div class="results"><table>
        <thead><tr>{% for label in inline.labels %}<th scope="col">{{ label }}</th>{% endfor %}{% if inline.can_delete %}<th scope="col">{% translate "Delete?" %}</th>{% endif %}</tr></thead>
        <tbody>{% for form in inline.forms %}<tr class="form-row">{% for row in form.fields %}<td class="field-{{ row.name }}">{% if forloop.first %}{% for hidden in form.hidden %}{{ hidden }}{% endfor %}{{ form.errors }}{% endif %}{{ row.field.errors }}{% include "admin/includes/related_widget.html" %}</td>{% endfor %}</tr>{% endfor %}</tbody>
        </table></div>
        {% else %}
        {% for form in inline.forms %}<div class="inline-related">
        <h3>{% if form.title %}{{ form.title }}{% else %}#{{ forloop.counter }}{% endif %}</h3>
        {% for hidden in form.hidden %}{{ hidden }}{% endfor %}{{ form.errors }}
        {% for row in form.fields %}<div class="form-row field-{{ row.name }}"><div class="flex-container">{{ row.field.errors }}{{ row.field.label_tag }} {% include "admin/includes/related_widget.html" %}</div></div>{% endfor %}
        </div>{% endfor %}
        {% endif %}
        </fieldset>
        </div>

        """

    static let base = """
        <!doctype html>
        {% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% get_current_language_bidi as LANGUAGE_BIDI %}<html lang="{{ LANGUAGE_CODE|default:"en-us" }}" dir="{{ LANGUAGE_BIDI|yesno:"rtl,ltr,auto" }}" data-theme="auto">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <title>{% block title %}{{ title }} | {{ site_title }}{% endblock %}</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="{{ asset_css }}">
        <script src="{{ asset_js }}" defer></script>
        {% block extrahead %}{% endblock %}
        </head>
        <body class="{% block bodyclass %}{% endblock %}">
        <a href="#content-start" class="skip-link">{% translate "Skip to main content" %}</a>
        <header id="header">
          <div id="branding">{% block branding %}{% endblock %}</div>
          <div id="user-tools">
            {% block usertools %}{% if username and not is_popup %}
            <span>{% translate "Welcome," %} <strong>{{ user_display }}</strong>.</span>
            {% if site_url %}<a href="{{ site_url }}">{% translate "View site" %}</a>{% endif %}
            {% if has_password_change %}<a href="{{ password_change_url }}">{% translate "Change password" %}</a>{% endif %}
            <form id="logout-form" method="post" action="{{ admin_root }}logout/">{% csrf_token %}<button type="submit">{% translate "Log out" %}</button></form>
            {% endif %}{% endblock %}
            <button type="button" class="theme-toggle" aria-label="{% translate "Toggle theme (current theme: auto)" %}" title="{% translate "Toggle theme (current theme: auto)" %}" data-auto="{% translate "Toggle theme (current theme: auto)" %}" data-light="{% translate "Toggle theme (current theme: light)" %}" data-dark="{% translate "Toggle theme (current theme: dark)" %}"><span aria-hidden="true">◐</span></button>
          </div>
        </header>
        {% block nav-breadcrumbs %}{% if not is_popup %}<nav class="breadcrumbs" aria-label="{% translate "Breadcrumbs" %}">{% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a>{% if title %} › {{ title }}{% endif %}{% endblock %}</nav>{% endif %}{% endblock %}
        <main id="main">
        {% block messages %}{% if messages %}<ul class="messagelist">{% for message in messages %}<li class="{{ message.tags }}">{{ message }}</li>{% endfor %}</ul>{% endif %}{% endblock %}
        <div id="content" class="{% block coltype %}colM{% endblock %}">
        <a id="content-start" tabindex="-1"></a>
        {% block pretitle %}{% endblock %}
        {% block content_title %}{% if title %}<h1>{{ title }}</h1>{% endif %}{% endblock %}
        {% block content %}{% endblock %}
        {% block sidebar %}{% endblock %}
        </div>
        </main>
        <footer id="footer">{% block footer %}{% endblock %}</footer>
        </body>
        </html>

        """

    static let baseSite = """
        {% extends "admin/base.html" %}
        {% block title %}{% if title %}{{ title }} | {% endif %}{{ site_title }}{% endblock %}
        {% block branding %}<div id="site-name"><a href="{{ admin_root }}">{{ site_header }}</a></div>{% endblock %}

        """

    static let appList = """
        {% for app in app_list %}
        <section class="module app-{{ app.app_label }}">
        <table>
        <caption><a href="{{ app.app_url }}" class="section" title="{% blocktranslate with name=app.name %}Models in the {{ name }} application{% endblocktranslate %}">{{ app.name }}</a></caption>
        <thead class="visually-hidden"><tr><th scope="col">{% translate "Model name" %}</th><th scope="col">{% translate "Add link" %}</th><th scope="col">{% translate "Change or view list link" %}</th></tr></thead>
        {% for model in app.models %}
        <tr class="model-{{ model.object_name|lower }}">
          <th scope="row" id="{{ app.app_label }}-{{ model.object_name|lower }}"><a href="{{ model.admin_url }}">{{ model.name }}</a></th>
          <td>{% if model.add_url %}<a href="{{ model.add_url }}" class="addlink" aria-describedby="{{ app.app_label }}-{{ model.object_name|lower }}">{% translate "Add" %}</a>{% endif %}</td>
          <td>{% if model.view_only %}<a href="{{ model.admin_url }}" class="viewlink" aria-describedby="{{ app.app_label }}-{{ model.object_name|lower }}">{% translate "View" %}</a>{% else %}<a href="{{ model.admin_url }}" class="changelink" aria-describedby="{{ app.app_label }}-{{ model.object_name|lower }}">{% translate "Change" %}</a>{% endif %}</td>
        </tr>
        {% endfor %}
        </table>
        </section>
        {% empty %}<p>{% translate "You don’t have permission to view or edit anything." %}</p>
        {% endfor %}

        """

    static let index = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}dashboard{% endblock %}
        {% block nav-breadcrumbs %}{% endblock %}
        {% block coltype %}colMS{% endblock %}
        {% block content %}<div id="content-main">{% include "admin/includes/app_list.html" %}</div>{% endblock %}
        {% block sidebar %}
        <aside id="content-related">
        <section class="module" id="recent-actions-module">
        <h2>{% translate "Recent actions" %}</h2>
        <h3>{% translate "My actions" %}</h3>
        {% if recent_actions %}<ul class="actionlist">
        {% for entry in recent_actions %}<li class="{% if entry.action == 1 %}addlink{% elif entry.action == 2 %}changelink{% else %}deletelink{% endif %}">
        {% if entry.url %}<a href="{{ entry.url }}">{{ entry.repr }}</a>{% else %}{{ entry.repr }}{% endif %}
        <br><span class="mini quiet">{{ entry.model|capfirst }}</span></li>{% endfor %}
        </ul>{% else %}<p>{% translate "None available" %}</p>{% endif %}
        </section>
        </aside>
        {% endblock %}

        """

    static let appIndex = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}app-{{ app_label }} app-list{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › {% for app in app_list %}{{ app.name }}{% endfor %}{% endblock %}
        {% block content %}<div id="content-main">{% include "admin/includes/app_list.html" %}</div>{% endblock %}

        """

    static let login = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}login{% endblock %}
        {% block usertools %}{% endblock %}
        {% block nav-breadcrumbs %}{% endblock %}
        {% block content_title %}{% endblock %}
        {% block content %}
        <div id="content-main" class="login-box">
        {% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
        <form method="post" action="{{ admin_root }}login/" id="login-form">{% csrf_token %}
        <div class="form-row"><label for="id_username" class="required">{% translate "username"|capfirst %}:</label> <input type="text" name="username" id="id_username" value="{{ username }}" autocomplete="username" autocapitalize="none" autofocus required maxlength="150"></div>
        <div class="form-row"><label for="id_password" class="required">{% translate "Password" %}:</label> <input type="password" name="password" id="id_password" autocomplete="current-password" required></div>
        <input type="hidden" name="next" value="{{ next }}">
        <div class="submit-row"><input type="submit" value="{% translate "Log in" %}"></div>
        </form>
        </div>
        {% endblock %}

        """

    static let loggedOut = """
        {% extends "admin/base_site.html" %}
        {% block nav-breadcrumbs %}{% endblock %}
        {% block content_title %}{% endblock %}
        {% block content %}
        <p>{% translate "Thanks for spending some quality time with the web site today." %}</p>
        <p><a href="{{ admin_root }}">{% translate "Log in again" %}</a></p>
        {% endblock %}

        """

    static let changeList = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}app-{{ opts.app_label }} model-{{ opts.model_name }} change-list{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › <a href="{{ opts.app_url }}">{{ opts.app_name }}</a> › {{ opts.verbose_name_plural|capfirst }}{% endblock %}
        {% block content %}
        {% if add_url and not is_popup %}<ul class="object-tools"><li><a href="{{ add_url }}" class="addlink">{% blocktranslate with name=opts.verbose_name %}Add {{ name }}{% endblocktranslate %}</a></li></ul>{% endif %}
        {% if error %}<p class="errornote" role="alert">Please correct the errors below: a filter or page in the address does not exist.</p>{% endif %}
        <div id="content-main">
        <div class="module{% if filters %} filtered{% endif %}" id="changelist">
        <div class="changelist-form-container">
        {% if has_search %}
        <div id="toolbar"><form id="changelist-search" method="get" role="search">
        <label for="searchbar" class="visually-hidden">{% translate "Search" %}</label>
        <input type="text" size="40" name="{{ search_var }}" value="{{ search_query }}" id="searchbar" placeholder="{% translate "Search" %}">
        <input type="submit" value="{% translate "Search" %}">
        {% if is_narrowed %}<span class="small quiet">{% blocktranslate count counter=result_count %}{{ counter }} result{% plural %}{{ counter }} results{% endblocktranslate %} (<a href="{{ clear_search_url }}">{% blocktranslate with full_result_count=full_count %}{{ full_result_count }} total{% endblocktranslate %}</a>)</span>{% endif %}
        {% for hidden in preserved %}<input type="hidden" name="{{ hidden.name }}" value="{{ hidden.value }}">{% endfor %}
        </form></div>
        {% endif %}
        {% block date_hierarchy %}{% if has_date_hierarchy %}<nav class="xfull"><ul class="toplinks">{% if date_hierarchy.back %}<li class="date-back"><a href="{{ date_hierarchy.back.link }}">‹ {{ date_hierarchy.back.title }}</a></li>{% endif %}{% for choice in date_hierarchy.choices %}<li>{% if choice.link %}<a href="{{ choice.link }}">{{ choice.title }}</a>{% else %}<span aria-current="true">{{ choice.title }}</span>{% endif %}</li>{% endfor %}</ul></nav>{% endif %}{% endblock %}
        <form id="changelist-form" method="post" novalidate>{% csrf_token %}
        {% if list_editable %}{{ formset_management }}{% if errors_count %}<p class="errornote" role="alert">{% blocktranslate count counter=errors_count %}Please correct the error below.{% plural %}Please correct the errors below.{% endblocktranslate %}</p>{% endif %}{% endif %}
        {% if actions %}
        <div class="actions">
        <label>{% translate "Action:" %} <select name="action" required><option value="" selected>---------</option>{% for action in actions %}<option value="{{ action.name }}">{{ action.title }}</option>{% endfor %}</select></label>
        <input type="hidden" name="select_across" value="0" class="select-across">
        <button type="submit" class="button" title="{% translate "Run the selected action" %}" name="index" value="0">{% translate "Go" %}</button>
        <span class="action-counter" data-actions-icnt="{{ results|length }}" data-selection-note="{{ selection_format }}" aria-live="polite">{{ selection_note }}</span>
        {% if result_count > results|length %}<span class="all hidden">{{ selection_note_all }}</span>
        <span class="question hidden"><a role="button" href="#" title="{% translate "Click here to select the objects across all pages" %}">{% blocktranslate with total_count=result_count module_name=opts.verbose_name_plural %}Select all {{ total_count }} {{ module_name }}{% endblocktranslate %}</a></span>
        <span class="clear hidden"><a role="button" href="#">{% translate "Clear selection" %}</a></span>{% endif %}
        </div>
        {% endif %}
        {{ result_list }}
        <p class="paginator">
        {% for page in pagination %}{% if page.ellipsis %}<span class="ellipsis">…</span> {% elif page.current %}<span class="this-page" aria-current="page">{{ page.number }}</span> {% else %}<a href="{{ page.url }}">{{ page.number }}</a> {% endif %}{% endfor %}
        {{ result_count }} {% if result_count == 1 %}{{ opts.verbose_name }}{% else %}{{ opts.verbose_name_plural }}{% endif %}
        {% if show_all_url %}<a href="{{ show_all_url }}" class="showall">{% translate "Show all" %}</a>{% endif %}
        {% if list_editable %}<input type="submit" name="_save" class="default" value="{% translate "Save" %}">{% endif %}
        </p>
        </form>
        </div>
        {% if filters %}
        <nav id="changelist-filter" aria-labelledby="changelist-filter-header">
        <h2 id="changelist-filter-header">{% translate "Filter" %}</h2>
        {% for filter in filters %}{{ filter.html }}{% endfor %}
        </nav>
        {% endif %}
        </div>
        </div>
        {% endblock %}

        """

    static let passwordChangeForm = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}password-change{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › {% translate "Password change" %}{% endblock %}
        {% block content %}<div id="content-main">
        <form method="post" novalidate>{% csrf_token %}
        {% if errors_count %}<p class="errornote" role="alert">{% blocktranslate count counter=errors_count %}Please correct the error below.{% plural %}Please correct the errors below.{% endblocktranslate %}</p>{% endif %}
        <p>{% translate "Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly." %}</p>
        <fieldset class="module aligned wide">
        {% for field in form.visible_fields %}<div class="form-row field-{{ field.name }}{% if field.errors %} errors{% endif %}">{{ field.errors }}<div class="flex-container">{{ field.label_tag }} {{ field }}</div></div>{% endfor %}
        </fieldset>
        <div class="submit-row"><input type="submit" value="{% translate "Change my password" %}" class="default"></div>
        </form></div>{% endblock %}

        """

    static let passwordChangeDone = """
        {% extends "admin/base_site.html" %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › {% translate "Password change" %}{% endblock %}
        {% block content %}<p>{% translate "Your password was changed." %}</p>{% endblock %}

        """

    static let popupResponse = """
        {% extends "admin/base_site.html" %}
        {% block content %}<div id="django-admin-popup-response-constants" data-popup-response="{{ popup_response_data }}"></div><p>{% translate "Popup closing…" %}</p>{% endblock %}

        """

    /// The changelist's table (Django's `result_list` tag), rendered while the counts run.
    static let changeListResults = """
        {% if results %}
        <div class="results">
        <table id="result_list">
        <thead><tr>
        {% if actions %}<th scope="col" class="action-checkbox-column"><input type="checkbox" id="action-toggle" aria-label="{% translate "Select all objects on this page for an action" %}"></th>{% endif %}
        {% for header in headers %}<th scope="col" class="{{ header.class }}{% if header.sortable %} sortable{% endif %}{% if header.sorted %} sorted {% if header.ascending %}ascending{% else %}descending{% endif %}{% endif %}"{% if header.sorted %} aria-sort="{% if header.ascending %}ascending{% else %}descending{% endif %}"{% endif %}>
        {% if header.sortable %}<div class="text"><a href="{{ header.url_primary }}">{{ header.text }}</a></div>
        {% if header.sorted %}<div class="sortoptions">{% if header.multi %}<span class="sortpriority" title="{% blocktranslate with priority_number=header.priority %}Sorting priority: {{ priority_number }}{% endblocktranslate %}">{{ header.priority }}</span>{% endif %}<a class="sortremove" href="{{ header.url_remove }}" title="{% translate "Remove from sorting" %}" aria-label="{% translate "Remove from sorting" %}">×</a></div>{% endif %}
        {% else %}<div class="text"><span>{{ header.text }}</span></div>{% endif %}
        </th>{% endfor %}
        </tr></thead>
        <tbody>
        {% for result in results %}<tr>
        {% if actions %}<td class="action-checkbox"><input type="checkbox" name="_selected_action" value="{{ result.pk }}" class="action-select" aria-label="{{ result.select_label }}">{% for hidden in result.hidden %}{{ hidden }}{% endfor %}</td>{% else %}{% for hidden in result.hidden %}{{ hidden }}{% endfor %}{% endif %}
        {% for cell in result.cells %}{% if forloop.first %}<th scope="row" class="{{ cell.class }}">{% else %}<td class="{{ cell.class }}">{% endif %}{% if cell.link %}<a href="{{ cell.link }}"{% if cell.popup %} data-popup-opener="{{ cell.popup }}"{% endif %}>{% endif %}{% if cell.field %}{{ cell.field.errors }}{{ cell.field }}{% elif cell.is_bool %}{% if cell.value %}<span class="bool yes" role="img" aria-label="{% translate "Yes" %}">✔</span>{% else %}<span class="bool no" role="img" aria-label="{% translate "No" %}">✘</span>{% endif %}{% else %}{{ cell.value }}{% endif %}{% if cell.link %}</a>{% endif %}{% if forloop.first %}</th>{% else %}</td>{% endif %}{% endfor %}
        </tr>{% endfor %}
        </tbody>
        </table>
        </div>
        {% else %}<p class="empty">0 {{ opts.verbose_name_plural }}</p>{% endif %}

        """

    /// One sidebar filter (Django's `admin/filter.html`), rendered while the counts run.
    static let filter = """
        <details data-filter-title="{{ title }}" open>
        <summary>{% blocktranslate with filter_title=title %} By {{ filter_title }} {% endblocktranslate %}</summary>
        <ul>{% for choice in choices %}<li{% if choice.selected %} class="selected"{% endif %}><a href="{{ choice.url }}"{% if choice.selected %} aria-current="true"{% endif %}>{{ choice.label }}</a></li>{% endfor %}</ul>
        </details>

        """

    static let changeForm = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}app-{{ opts.app_label }} model-{{ opts.model_name }} change-form{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › <a href="{{ opts.app_url }}">{{ opts.app_name }}</a> › {% if has_view_permission %}<a href="{{ opts.changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a>{% else %}{{ opts.verbose_name_plural|capfirst }}{% endif %} › {% if add %}{% blocktranslate with name=opts.verbose_name %}Add {{ name }}{% endblocktranslate %}{% else %}{{ object|truncatechars:"18" }}{% endif %}{% endblock %}
        {% block content %}
        {% if change %}<h2>{{ object }}</h2>{% endif %}
        {% if history_url %}<ul class="object-tools">{% for tool in object_tools %}<li><a href="{{ tool.url }}">{{ tool.title }}</a></li>{% endfor %}<li><a href="{{ history_url }}" class="historylink">{% translate "History" %}</a></li></ul>{% endif %}
        {% if intro %}<p>{{ intro }}</p>{% endif %}
        <div id="content-main">
        <form {% if is_multipart %}enctype="multipart/form-data" {% endif %}method="post" id="{{ opts.model_name }}_form" novalidate>{% csrf_token %}{% if is_popup %}<input type="hidden" name="_popup" value="1">{% endif %}
        {% if errors_count %}<p class="errornote" role="alert">{% blocktranslate count counter=errors_count %}Please correct the error below.{% plural %}Please correct the errors below.{% endblocktranslate %}</p>{{ form.non_field_errors }}{% endif %}
        {% for fieldset in fieldsets %}
        <fieldset class="module aligned{% if fieldset.classes %} {{ fieldset.classes }}{% endif %}"{% if fieldset.name %} aria-labelledby="{{ fieldset.heading_id }}"{% endif %}>
        {% if fieldset.name %}{% if fieldset.is_collapsible %}<details><summary>{% endif %}<h2 id="{{ fieldset.heading_id }}" class="fieldset-heading">{{ fieldset.name }}</h2>{% if fieldset.is_collapsible %}</summary>{% endif %}{% endif %}
        {% if fieldset.description %}<div class="description">{{ fieldset.description|safe }}</div>{% endif %}
        {% for row in fieldset.rows %}
        <div class="form-row field-{{ row.name }}{% if row.field.errors %} errors{% endif %}">
        {% if row.is_readonly %}<div class="flex-container"><label>{{ row.label }}:</label><div class="readonly">{% if row.contents.is_bool %}{% if row.contents.value %}<span class="bool yes" role="img" aria-label="{% translate "Yes" %}">✔</span>{% else %}<span class="bool no" role="img" aria-label="{% translate "No" %}">✘</span>{% endif %}{% else %}{{ row.contents.value }}{% endif %}</div></div>
        {% else %}{{ row.field.errors }}<div class="flex-container">{{ row.field.label_tag }} {% include "admin/includes/related_widget.html" %}</div>
        {% if row.field.help_text %}<div class="help" id="{{ row.field.auto_id }}_helptext">{{ row.field.help_text }}</div>{% endif %}{% endif %}
        </div>
        {% endfor %}
        {% if fieldset.is_collapsible %}</details>{% endif %}
        </fieldset>
        {% endfor %}
        {% for inline in inline_admin_formsets %}{% include "admin/edit_inline.html" %}{% endfor %}
        {% if prepopulated_fields %}<div id="django-admin-prepopulated-fields-constants" hidden data-prepopulated-fields="{{ prepopulated_fields }}"></div>{% endif %}
        {% if submit_label %}<div class="submit-row"><input type="submit" value="{{ submit_label }}" class="default" name="_save"></div>
        {% elif editable %}
        <div class="submit-row">
        <input type="submit" value="{% translate "Save" %}" class="default" name="_save">
        {% if not is_popup %}{% if save_as %}<input type="submit" value="{% translate "Save as new" %}" name="_saveasnew">{% endif %}
        {% if can_add %}<input type="submit" value="{% translate "Save and add another" %}" name="_addanother">{% endif %}
        <input type="submit" value="{% translate "Save and continue editing" %}" name="_continue">
        {% if can_delete %}<a href="{{ delete_url }}" class="deletelink">{% translate "Delete" %}</a>{% endif %}{% endif %}
        </div>
        {% else %}<div class="submit-row"><a href="{{ opts.changelist_url }}" class="closelink">{% translate "Close" %}</a></div>{% endif %}
        </form>
        </div>
        {% endblock %}

        """

    static let deletedObjects = """
        {% if protected %}
        <p>{% blocktranslate with object_name=opts.verbose_name escaped_object=object %}Deleting the {{ object_name }} '{{ escaped_object }}' would require deleting the following protected related objects:{% endblocktranslate %}</p>
        <ul>{% for item in protected %}<li>{{ item }}</li>{% endfor %}</ul>
        {% else %}
        <h2>{% translate "Summary" %}</h2>
        <ul>{% for model in model_count %}<li>{{ model.name }}: {{ model.count }}</li>{% endfor %}</ul>
        <h2>{% translate "Objects" %}</h2>
        <ul class="deleted-objects">{% for group in deleted_objects %}{% for row in group.rows %}<li>{{ row }}</li>{% endfor %}{% if group.more %}<li>… (+{{ group.more }})</li>{% endif %}{% endfor %}</ul>
        {% endif %}

        """

    static let deleteConfirmation = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}app-{{ opts.app_label }} model-{{ opts.model_name }} delete-confirmation{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › <a href="{{ opts.app_url }}">{{ opts.app_name }}</a> › <a href="{{ opts.changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a> › <a href="{{ object_url }}">{{ object|truncatechars:"18" }}</a> › {% translate "Delete" %}{% endblock %}
        {% block content %}
        {% if protected %}<p>{% blocktranslate with object_name=opts.verbose_name escaped_object=object %}Deleting the {{ object_name }} '{{ escaped_object }}' would require deleting the following protected related objects:{% endblocktranslate %}</p>
        <ul>{% for item in protected %}<li>{{ item }}</li>{% endfor %}</ul>
        {% else %}
        <p>{% blocktranslate with object_name=opts.verbose_name escaped_object=object %}Are you sure you want to delete the {{ object_name }} "{{ escaped_object }}"? All of the following related items will be deleted:{% endblocktranslate %}</p>
        {% include "admin/includes/deleted_objects.html" %}
        <form method="post">{% csrf_token %}
        <input type="hidden" name="post" value="yes">
        <div class="submit-row"><input type="submit" value="{% translate "Yes, I’m sure" %}"> <a href="{{ object_url }}" class="button cancel-link">{% translate "No, take me back" %}</a></div>
        </form>
        {% endif %}
        {% endblock %}

        """

    static let deleteSelectedConfirmation = """
        {% extends "admin/base_site.html" %}
        {% block bodyclass %}app-{{ opts.app_label }} model-{{ opts.model_name }} delete-confirmation delete-selected-confirmation{% endblock %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › <a href="{{ opts.app_url }}">{{ opts.app_name }}</a> › <a href="{{ opts.changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a> › {% translate "Delete multiple objects" %}{% endblock %}
        {% block content %}
        {% if protected %}<p>{% blocktranslate %}Deleting the selected {{ objects_name }} would require deleting the following protected related objects:{% endblocktranslate %}</p>
        <ul>{% for item in protected %}<li>{{ item }}</li>{% endfor %}</ul>
        {% else %}
        <p>{% blocktranslate %}Are you sure you want to delete the selected {{ objects_name }}? All of the following objects and their related items will be deleted:{% endblocktranslate %}</p>
        {% include "admin/includes/deleted_objects.html" %}
        <form method="post">{% csrf_token %}
        {% for key in selected %}<input type="hidden" name="_selected_action" value="{{ key }}">{% endfor %}
        <input type="hidden" name="select_across" value="{{ select_across }}">
        <input type="hidden" name="action" value="{{ action }}">
        <input type="hidden" name="post" value="yes">
        <div class="submit-row"><input type="submit" value="{% translate "Yes, I’m sure" %}"> <a href="{{ opts.changelist_url }}" class="button cancel-link">{% translate "No, take me back" %}</a></div>
        </form>
        {% endif %}
        {% endblock %}

        """

    static let objectHistory = """
        {% extends "admin/base_site.html" %}
        {% block breadcrumbs %}<a href="{{ admin_root }}">{% translate "Home" %}</a> › <a href="{{ opts.app_url }}">{{ opts.app_name }}</a> › <a href="{{ opts.changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a> › <a href="{{ object_url }}">{{ object|truncatechars:"18" }}</a> › {% translate "History" %}{% endblock %}
        {% block content %}
        <div id="content-main"><div class="module">
        {% if action_list %}
        <table id="change-history">
        <thead><tr><th scope="col">{% translate "Date/time" %}</th><th scope="col">{% translate "User" %}</th><th scope="col">{% translate "Action" %}</th></tr></thead>
        <tbody>{% for action in action_list %}<tr><th scope="row">{{ action.action_time|date:"DATETIME_FORMAT" }}</th><td>{{ action.user }}{% if action.user_full_name|striptags|cut:" " %} ({{ action.user_full_name }}){% endif %}</td><td>{{ action.message }}</td></tr>{% endfor %}</tbody>
        </table>
        {% else %}<p>{% translate "This object doesn’t have a change history. It probably wasn’t added via this admin site." %}</p>{% endif %}
        </div></div>
        {% endblock %}

        """
}
