internal import Foundation
internal import PonyCrypto
internal import PonySupport
internal import PonyWeb

/// The admin's stylesheet and script, served from the admin's own URLs under names that
/// carry a hash of their content, so browsers may keep them for a year (no CDN, no build step).
enum AdminAssets {
    static let cssName = "static/pony-admin.\(hash(css)).css"
    static let jsName = "static/pony-admin.\(hash(javascript)).js"

    private static func hash(_ text: String) -> String {
        hexString(Digester<SHA256>.hash(text.utf8).prefix(6))
    }

    static func response(_ text: String, type: String) -> Response {
        var response = Response(status: .ok, body: .text(text))
        response.headers["Content-Type"] = "\(type); charset=utf-8"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
    }

    static let css = """
        :root{--primary:#264b5d;--secondary:#417893;--accent:#f5dd5d;--primary-fg:#fff;--body-fg:#303030;--body-bg:#fff;
        --body-quiet-color:#5a5a5a;--body-medium-color:#444;--header-color:#ffc;--header-branding-color:var(--accent);
        --header-bg:var(--primary);--header-link-color:var(--primary-fg);--breadcrumbs-fg:#eef5f9;--breadcrumbs-link-fg:#fff;
        --breadcrumbs-bg:var(--secondary);--link-fg:#417893;--link-hover-color:#036;--link-selected-fg:var(--secondary);
        --hairline-color:#e8e8e8;--border-color:#ccc;--error-fg:#ba2121;--message-success-bg:#dfd;--message-warning-bg:#ffc;
        --message-error-bg:#ffefef;--darkened-bg:#f8f8f8;--selected-bg:#e4e4e4;--selected-row:#ffc;--button-fg:#fff;
        --button-bg:var(--secondary);--button-hover-bg:#205067;--default-button-bg:#205067;--default-button-hover-bg:var(--secondary);
        --close-button-bg:#747474;--delete-button-bg:#ba2121;--delete-button-hover-bg:#a41515;--object-tools-fg:var(--button-fg);
        --object-tools-bg:var(--close-button-bg);--focus:#1a73e8;color-scheme:light}
        @media (prefers-color-scheme:dark){:root[data-theme=auto]{--primary:#264b5d;--primary-fg:#f7f7f7;--body-fg:#eee;--body-bg:#121212;
        --body-quiet-color:#d0d0d0;--body-medium-color:#e0e0e0;--header-link-color:#eee;--breadcrumbs-link-fg:#e0e0e0;
        --breadcrumbs-bg:var(--primary);--link-fg:#81d4fa;--link-hover-color:#4ac1f7;--link-selected-fg:#6f94c6;--hairline-color:#272727;
        --border-color:#353535;--error-fg:#e35f5f;--message-success-bg:#006b1b;--message-warning-bg:#583305;--message-error-bg:#570808;
        --darkened-bg:#212121;--selected-bg:#1b1b1b;--selected-row:#00363a;--close-button-bg:#333;--focus:#8ab4f8;color-scheme:dark}}
        :root[data-theme=dark]{--primary:#264b5d;--primary-fg:#f7f7f7;--body-fg:#eee;--body-bg:#121212;--body-quiet-color:#d0d0d0;
        --body-medium-color:#e0e0e0;--header-link-color:#eee;--breadcrumbs-link-fg:#e0e0e0;--breadcrumbs-bg:var(--primary);
        --link-fg:#81d4fa;--link-hover-color:#4ac1f7;--link-selected-fg:#6f94c6;--hairline-color:#272727;--border-color:#353535;
        --error-fg:#e35f5f;--message-success-bg:#006b1b;--message-warning-bg:#583305;--message-error-bg:#570808;--darkened-bg:#212121;
        --selected-bg:#1b1b1b;--selected-row:#00363a;--close-button-bg:#333;--focus:#8ab4f8;color-scheme:dark}
        *{box-sizing:border-box}
        html,body{margin:0;padding:0}
        body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--body-fg);background:var(--body-bg)}
        a{color:var(--link-fg);text-decoration:none}a:hover,a:focus{color:var(--link-hover-color);text-decoration:underline}
        :focus-visible{outline:2px solid var(--focus);outline-offset:2px}
        .skip-link{position:absolute;left:-999px;top:0;background:var(--body-bg);padding:.5em 1em;z-index:10}.skip-link:focus{left:0}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        #header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5em 1.5em;padding:10px 40px;
        background:var(--header-bg);color:var(--header-color)}
        #site-name{margin:0;font-size:1.5rem;font-weight:300}#site-name a{color:var(--header-branding-color)}
        #user-tools{display:flex;flex-wrap:wrap;align-items:center;gap:.6em;font-size:.8rem;text-transform:uppercase;letter-spacing:.5px}
        #user-tools a,#logout-form button{color:var(--header-link-color);border-bottom:1px solid rgba(255,255,255,.25)}
        #logout-form{display:inline;margin:0}#logout-form button{background:none;border:0;border-bottom:1px solid rgba(255,255,255,.25);
        padding:0;font:inherit;text-transform:uppercase;letter-spacing:.5px;cursor:pointer}
        .theme-toggle{background:none;border:0;color:var(--header-link-color);font-size:1.2rem;cursor:pointer;padding:0 .25em}
        .breadcrumbs{background:var(--breadcrumbs-bg);padding:10px 40px;color:var(--breadcrumbs-fg)}.breadcrumbs a{color:var(--breadcrumbs-link-fg)}
        #main{padding:20px 40px}
        #content{max-width:1400px}
        #content.colMS{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:0 30px}#content.colMS>*{grid-column:1/-1}
        #content.colMS>#content-main{grid-column:1}#content.colMS>#content-related{grid-column:2}
        h1{font-size:1.45rem;font-weight:400;margin:0 0 20px;color:var(--body-quiet-color)}
        h2{font-size:1rem;margin:1em 0 .5em}
        .module{margin-bottom:30px;border:0;background:var(--body-bg)}
        .module h2,.module caption{background:var(--primary);color:var(--primary-fg);text-align:left;font-weight:400;font-size:.85rem;
        padding:8px;margin:0;text-transform:uppercase;letter-spacing:.5px}
        .module caption a{color:var(--primary-fg)}
        table{border-collapse:collapse;width:100%;border-color:var(--hairline-color)}
        th,td{padding:8px;border-bottom:1px solid var(--hairline-color);text-align:left;vertical-align:top}
        thead th{background:var(--darkened-bg);color:var(--body-quiet-color);font-size:.8rem;text-transform:uppercase;border-bottom:1px solid var(--hairline-color)}
        tbody tr:hover{background:var(--darkened-bg)}tr.selected{background:var(--selected-row)}
        .addlink::before{content:"+ ";font-weight:bold;color:#3c9a5f}.changelink::before{content:"✎ "}.viewlink::before{content:"👁 "}
        .deletelink{color:var(--error-fg)}
        .messagelist{list-style:none;padding:0;margin:0 0 20px}.messagelist li{padding:10px 14px;margin-bottom:4px;
        background:var(--message-success-bg);border-left:4px solid #3c9a5f}
        .messagelist li.warning{background:var(--message-warning-bg);border-left-color:#c9a200}
        .messagelist li.error{background:var(--message-error-bg);border-left-color:var(--error-fg)}
        .errornote{color:var(--error-fg);border:1px solid var(--error-fg);padding:10px 12px;border-radius:4px;margin:0 0 10px;background:var(--body-bg)}
        ul.errorlist{color:var(--error-fg);margin:0 0 4px;padding:0;list-style:none}
        .object-tools{list-style:none;margin:-10px 0 10px;padding:0;display:flex;justify-content:flex-end;gap:8px}
        .object-tools a{display:inline-block;background:var(--object-tools-bg);color:var(--object-tools-fg);padding:4px 12px;border-radius:15px;
        font-size:.75rem;text-transform:uppercase;letter-spacing:.5px}.object-tools a:hover{background:var(--default-button-bg);text-decoration:none}
        input[type=text],input[type=search],input[type=password],input[type=email],input[type=url],input[type=number],input[type=date],
        input[type=datetime-local],input[type=time],textarea,select{font:inherit;color:var(--body-fg);background:var(--body-bg);
        border:1px solid var(--border-color);border-radius:4px;padding:5px 6px;max-width:100%}
        textarea{width:100%;min-height:8em}
        input[type=submit],button.button,.button{font:inherit;background:var(--button-bg);color:var(--button-fg);border:0;border-radius:4px;
        padding:8px 14px;cursor:pointer;display:inline-block}
        input[type=submit]:hover,button.button:hover{background:var(--button-hover-bg)}
        input[type=submit].default{background:var(--default-button-bg);font-weight:bold}
        .submit-row{display:flex;flex-wrap:wrap;gap:10px;align-items:center;padding:12px 14px;margin:0 0 20px;background:var(--darkened-bg);
        border:1px solid var(--hairline-color);border-radius:4px}
        .submit-row .deletelink{margin-left:auto;background:var(--delete-button-bg);color:#fff;padding:8px 14px;border-radius:4px}
        .submit-row .deletelink:hover{background:var(--delete-button-hover-bg);text-decoration:none}
        .cancel-link,.closelink{background:var(--close-button-bg);color:#fff;padding:8px 14px;border-radius:4px}
        fieldset.module{border:1px solid var(--hairline-color);padding:0;margin:0 0 20px}
        .collapse summary{background:var(--primary);color:var(--primary-fg);padding:8px;cursor:pointer}
        .collapse summary .fieldset-heading{display:inline;padding:0;background:none}
        .wide label{min-width:200px}.wide .help{margin-left:210px}
        fieldset .description{padding:10px;color:var(--body-quiet-color);font-size:.9em;border-bottom:1px solid var(--hairline-color)}
        .form-row{padding:10px;border-bottom:1px solid var(--hairline-color)}.form-row.errors{background:var(--message-error-bg)}
        .flex-container{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
        .aligned label{display:inline-block;min-width:160px;font-weight:600;color:var(--body-quiet-color)}
        .aligned label.required,label.required{color:var(--body-fg)}
        .help{color:var(--body-quiet-color);font-size:.85em;margin:4px 0 0 170px}
        .readonly{padding:5px 0}
        #toolbar{padding:8px 10px;margin-bottom:10px;background:var(--darkened-bg);border-top:1px solid var(--hairline-color);border-bottom:1px solid var(--hairline-color)}
        #toolbar form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}#searchbar{min-width:16em}
        .toplinks{list-style:none;margin:0 0 10px;padding:6px 10px;display:flex;flex-wrap:wrap;gap:4px 16px;border-bottom:1px solid var(--hairline-color)}
        .toplinks .date-back a{font-weight:600}
        .related-widget-wrapper{display:inline-flex;flex-direction:column;gap:4px}.autocomplete-search{min-width:16em}
        a.related-lookup,a.related-widget-wrapper-link{display:inline-flex;align-items:center;margin-left:6px;color:var(--link-fg)}a.related-lookup svg,a.related-widget-wrapper-link svg{width:18px;height:18px}a.related-widget-wrapper-link[hidden]{display:none}
        .actions{padding:8px 10px;background:var(--darkened-bg);display:flex;flex-wrap:wrap;gap:8px;align-items:center;border-bottom:1px solid var(--hairline-color)}
        .hidden{display:none}.quiet,.small{color:var(--body-quiet-color);font-size:.9em}.mini{font-size:.8em}
        #changelist{display:grid;grid-template-columns:minmax(0,1fr);gap:0 20px}#changelist.filtered{grid-template-columns:minmax(0,1fr) 240px}
        .results{overflow-x:auto}
        th.sortable .text a{color:inherit;display:block}th.sorted{background:var(--selected-bg)}
        th.sorted.ascending .text a::after{content:" ▲"}th.sorted.descending .text a::after{content:" ▼"}
        th .sortoptions{float:right;display:flex;gap:4px}.sortpriority{font-size:.75em}
        th .text{display:inline-block}
        .bool.yes{color:#3c9a5f}.bool.no{color:var(--error-fg)}
        .paginator{padding:10px;margin:0;border-top:1px solid var(--hairline-color);display:flex;flex-wrap:wrap;gap:6px;align-items:center}
        .paginator a,.paginator .this-page{padding:2px 8px;border-radius:4px}.paginator a{background:var(--button-bg);color:var(--button-fg)}
        .paginator .this-page{font-weight:bold;border:1px solid var(--border-color)}.paginator .showall{background:none;color:var(--link-fg)}
        #changelist-filter{background:var(--darkened-bg);border-left:1px solid var(--hairline-color);padding:0 0 10px}
        #changelist-filter h2{margin:0;padding:8px 12px;font-size:.85rem;text-transform:uppercase;background:var(--primary);color:var(--primary-fg)}
        #changelist-filter summary{font-weight:600;padding:8px 12px 4px;cursor:pointer}
        #changelist-filter ul{list-style:none;margin:0;padding:0 12px 8px 20px}#changelist-filter li{padding:2px 0}
        #changelist-filter li.selected a{color:var(--link-selected-fg);font-weight:bold}
        #changelist-filter li.selected{border-left:4px solid var(--link-selected-fg);margin-left:-14px;padding-left:10px}
        .login-box{max-width:28em;margin:40px auto;padding:20px;border:1px solid var(--hairline-color);border-radius:4px}
        .login-box .form-row{border:0;padding:6px 0}.login-box label{display:block;font-weight:600;margin-bottom:4px}
        .login-box input[type=text],.login-box input[type=password]{width:100%}
        .login-box .submit-row{background:none;border:0;padding:10px 0 0;justify-content:center}
        .app-list table,.dashboard .module table{table-layout:fixed}.dashboard .module th[scope=row]{width:50%}
        .action-checkbox-column,.action-checkbox{width:2em}#recent-actions-module p{padding:0 8px}
        .actionlist{list-style:none;padding:0 8px}.actionlist li{padding:4px 0}
        #content-related .module h3{font-size:.9rem;margin:10px 8px 4px;color:var(--body-quiet-color)}
        #content-related{background:var(--darkened-bg)}
        .inline-group .tabular td{vertical-align:top;min-width:6em}.inline-group .tabular input[type=text]{width:100%}
        .inline-group .tabular .autocomplete-search{min-width:8em}
        .inline-related{border-bottom:1px solid var(--hairline-color);padding-bottom:8px}
        .inline-related h3{margin:0;padding:6px 10px;font-size:.9rem;background:var(--darkened-bg)}
        #footer{padding:20px 40px}
        @media (max-width:1024px){#header,.breadcrumbs,#main,#footer{padding-left:16px;padding-right:16px}
        #content.colMS,#changelist.filtered{grid-template-columns:minmax(0,1fr)}
        #content.colMS>#content-main,#content.colMS>#content-related{grid-column:1}#changelist-filter{border-left:0;order:-1}}
        @media (max-width:767px){.aligned label{min-width:0;display:block}.help{margin-left:0}.flex-container{display:block}
        #user-tools{font-size:.75rem}th,td{padding:6px}#searchbar{min-width:0;width:100%}}

        """

    static let javascript = """
        "use strict";
        (function () {
          const root = document.documentElement;
          const stored = localStorage.getItem("theme");
          if (stored === "light" || stored === "dark") root.dataset.theme = stored;
          function label() {
            for (const button of document.querySelectorAll(".theme-toggle")) {
              const text = button.dataset[root.dataset.theme || "auto"];
              if (!text) continue;
              button.setAttribute("aria-label", text);
              button.setAttribute("title", text);
            }
          }
          document.addEventListener("DOMContentLoaded", function () {
            label();
            for (const button of document.querySelectorAll(".theme-toggle")) {
              button.addEventListener("click", function () {
                const order = ["auto", "light", "dark"];
                const next = order[(order.indexOf(root.dataset.theme || "auto") + 1) % order.length];
                root.dataset.theme = next;
                localStorage.setItem("theme", next);
                label();
              });
            }
            prepopulate();
            lookups();
            autocomplete();
            const form = document.getElementById("changelist-form");
            if (!form) return;
            const boxes = Array.from(form.querySelectorAll("input.action-select"));
            const toggle = document.getElementById("action-toggle");
            const counter = form.querySelector(".action-counter");
            const across = form.querySelector("input.select-across");
            const question = form.querySelector(".actions .question");
            const all = form.querySelector(".actions .all");
            const clear = form.querySelector(".actions .clear");
            function update() {
              const checked = boxes.filter(function (box) { return box.checked; }).length;
              for (const box of boxes) box.closest("tr").classList.toggle("selected", box.checked);
              if (counter) {
                counter.textContent = (counter.dataset.selectionNote || "%(sel)s of %(cnt)s selected")
                  .replace("%(sel)s", checked).replace("%(cnt)s", boxes.length);
              }
              if (toggle) toggle.checked = checked === boxes.length && boxes.length > 0;
              if (question) question.classList.toggle("hidden", checked !== boxes.length || (across && across.value === "1"));
            }
            function selectAcross(on) {
              if (!across) return;
              across.value = on ? "1" : "0";
              if (all) all.classList.toggle("hidden", !on);
              if (clear) clear.classList.toggle("hidden", !on);
              if (counter) counter.classList.toggle("hidden", on);
              update();
            }
            if (toggle) toggle.addEventListener("change", function () {
              for (const box of boxes) box.checked = toggle.checked;
              if (!toggle.checked) selectAcross(false);
              update();
            });
            for (const box of boxes) box.addEventListener("change", function () { selectAcross(false); update(); });
            if (question) question.querySelector("a").addEventListener("click", function (event) {
              event.preventDefault(); selectAcross(true);
            });
            if (clear) clear.querySelector("a").addEventListener("click", function (event) {
              event.preventDefault();
              for (const box of boxes) box.checked = false;
              selectAcross(false);
            });
            update();
          });
          // Django's URLify: "Déjà vu, again!" becomes "deja-vu-again".
          function urlify(text, maxLength, allowUnicode) {
            const extra = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d" };
            let slug = text;
            if (!allowUnicode) {
              slug = slug.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "")
                .replace(/[ßæœøđłþð]/gi, function (c) { return extra[c.toLowerCase()] || ""; });
            }
            slug = slug.toLowerCase();
            slug = allowUnicode ? slug.replace(/[^-_\\p{L}\\p{N}\\s]/gu, "") : slug.replace(/[^-\\w\\s]/g, "");
            slug = slug.replace(/^\\s+|\\s+$/g, "").replace(/[-\\s]+/g, "-").substring(0, maxLength);
            return slug.replace(/-+$/g, "");
          }
          // prepopulatedFields: fill a field from others until the user types into it.
          function prepopulate() {
            const holder = document.getElementById("django-admin-prepopulated-fields-constants");
            if (!holder) return;
            for (const entry of JSON.parse(holder.dataset.prepopulatedFields)) {
              const target = document.querySelector(entry.id);
              if (!target || target.value) continue;
              const sources = entry.dependency_ids.map(function (id) { return document.querySelector(id); })
                .filter(Boolean);
              let changed = false;
              target.addEventListener("change", function () { changed = true; });
              const populate = function () {
                if (changed) return;
                const words = sources.map(function (field) { return field.value; }).filter(function (v) { return v.length; });
                target.value = urlify(words.join(" "), entry.maxLength, entry.allowUnicode);
              };
              for (const source of sources) {
                for (const type of ["keyup", "change", "focus"]) source.addEventListener(type, populate);
              }
            }
          }
          // rawIdFields: the lookup opens the related changelist in a pop-up; a click on a row
          // there puts its key in the box.
          function lookups() {
            for (const link of document.querySelectorAll("a.related-lookup, a.related-widget-wrapper-link")) {
              link.addEventListener("click", function (event) {
                event.preventDefault();
                const url = new URL(link.href, location.href);
                url.searchParams.set("_popup", "1");
                const popup = window.open(url.href, link.id.replace(/^(lookup|add|change)_/, ""), "height=600,width=900,resizable=yes,scrollbars=yes");
                if (popup) popup.focus();
              });
            }
            // The "change" link follows the chosen row.
            for (const link of document.querySelectorAll("a.change-related[data-href-template]")) {
              const select = document.getElementById(link.id.replace(/^change_/, ""));
              if (!select) continue;
              const follow = function () {
                link.hidden = !select.value;
                link.href = link.dataset.hrefTemplate.replace("__fk__", encodeURIComponent(select.value));
              };
              select.addEventListener("change", follow);
              follow();
            }
            // A pop-up's save: hand the row to the form that opened it, then close.
            const response = document.getElementById("django-admin-popup-response-constants");
            if (response && window.opener) {
              const data = JSON.parse(response.dataset.popupResponse);
              const select = window.opener.document.getElementById(window.name);
              if (select && select.tagName === "SELECT") {
                let option = Array.from(select.options).find(function (o) { return o.value === data.value; });
                if (!option) {
                  option = new Option(data.obj, data.value);
                  select.add(option);
                }
                option.text = data.obj;
                select.value = data.value;
                select.dispatchEvent(new Event("change", { bubbles: true }));
              } else if (select) {
                select.value = data.value;
              }
              window.close();
            }
            for (const link of document.querySelectorAll("a[data-popup-opener]")) {
              link.addEventListener("click", function (event) {
                if (!window.opener) return;
                event.preventDefault();
                const input = window.opener.document.getElementById(window.name);
                if (input) {
                  input.value = link.dataset.popupOpener;
                  input.dispatchEvent(new Event("change", { bubbles: true }));
                }
                window.close();
              });
            }
          }
          // autocompleteFields: a search box above the <select> fills it from admin/autocomplete/.
          function autocomplete() {
            for (const wrapper of document.querySelectorAll("[data-autocomplete-url]")) {
              const select = wrapper.querySelector("select");
              if (!select) continue;
              const search = document.createElement("input");
              search.type = "search";
              search.className = "autocomplete-search";
              search.placeholder = "Search…";
              search.setAttribute("aria-controls", select.id);
              const label = document.querySelector("label[for='" + select.id + "']");
              const name = label ? label.textContent.replace(/:$/, "") : wrapper.dataset.label || "rows";
              search.setAttribute("aria-label", "Search " + name.toLowerCase());
              wrapper.insertBefore(search, select);
              let sequence = 0;
              let timer = null;
              let loaded = false;
              const load = async function () {
                const mine = ++sequence;
                const url = new URL(wrapper.dataset.autocompleteUrl, location.href);
                url.searchParams.set("term", search.value);
                const response = await fetch(url.href, { credentials: "same-origin", headers: { Accept: "application/json" } });
                if (!response.ok || mine !== sequence) return;
                const data = await response.json();
                const chosen = select.value;
                const kept = Array.from(select.options).filter(function (option) {
                  return option.value === "" || option.value === chosen;
                });
                select.replaceChildren.apply(select, kept);
                for (const result of data.results) {
                  if (result.id !== chosen) select.add(new Option(result.text, result.id));
                }
                loaded = true;
              };
              search.addEventListener("input", function () {
                clearTimeout(timer);
                timer = setTimeout(load, 200);
              });
              select.addEventListener("focus", function () { if (!loaded) load(); });
            }
          }
        })();

        """
}
