#!/usr/bin/env python3
"""The sites, redirects and flat pages apps in a real browser, against Tests/Browser/blog.swift:
a flat page added in the admin (its "Advanced options" folded until clicked; its form refuses a URL without a leading slash, then takes it
with the site chosen), a redirect to it added there too, and both served to the browser: the
old path lands on the page, which shows its HTML. Any error in the browser's console fails
the run.

    python3 sites_browser.py http://127.0.0.1:8000 USER PASSWORD SCREENSHOT_DIR
"""
from selenium.webdriver.support.ui import Select

from pony_browser import *  # noqa: F401,F403 (driver, helpers, BASE, USER, PASSWORD, SHOTS)

try:
    log_in()
    expect("Flat pages" in driver.page_source and "Redirects" in driver.page_source,
           "the admin's index does not list flat pages and redirects")

    # The form's URL check, then a page on example.com.
    open_page("/admin/flatpages/flatpage/add/")
    driver.find_element(By.ID, "id_url").send_keys("about/")
    driver.find_element(By.ID, "id_title").send_keys("About <us>")
    driver.find_element(By.ID, "id_content").send_keys("<p class='intro'>We write about <b>déjà vu</b>.</p>")
    Select(driver.find_element(By.ID, "id_sites")).select_by_visible_text("example.com")
    # "Advanced options" is folded, as Django's `classes: ("collapse",)` folds it, and opens
    # on a click.
    template = driver.find_element(By.ID, "id_template_name")
    expect(not template.is_displayed(), "the advanced options are not folded")
    shoot("flatpage_form_folded")
    driver.find_element(By.CSS_SELECTOR, "fieldset.collapse summary").click()
    expect(template.is_displayed(), "the advanced options do not open on a click")
    shoot("flatpage_form")
    submit("_save")
    wait_for("URL is missing a leading slash.", "the flat page form took a URL without a leading slash")
    url = driver.find_element(By.ID, "id_url")
    url.clear()
    url.send_keys("/about/")
    submit("_save")
    wait_for("was added successfully", "no success message after adding a flat page")
    check_console("flat page")
    expect("/about/ -- About &lt;us&gt;" in driver.page_source, "the changelist does not list the page")
    expect("By sites" in driver.page_source, "the changelist has no sites filter")

    # A redirect from an old path to it.
    open_page("/admin/redirects/redirect/add/")
    Select(driver.find_element(By.ID, "id_site")).select_by_visible_text("example.com")
    driver.find_element(By.ID, "id_old_path").send_keys("/old-about/")
    driver.find_element(By.ID, "id_new_path").send_keys("/about/")
    submit("_save")
    wait_for("was added successfully", "no success message after adding a redirect")
    check_console("redirect")

    # The old path lands on the page, whose title and content are its HTML.
    open_page("/old-about/")
    expect(driver.current_url == BASE + "/about/", "the redirect went to %s" % driver.current_url)
    expect(driver.title == "About <us>", "the page's title is %r" % driver.title)
    intro = driver.find_elements(By.CSS_SELECTOR, "p.intro b")
    expect(len(intro) == 1 and intro[0].text == "déjà vu", "the page's content is not its HTML")
    shoot("flatpage")
finally:
    driver.quit()

finish()
