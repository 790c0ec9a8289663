#!/usr/bin/env python3
"""The admin in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
by Selenium logs in, adds a row, edits it, deletes it, and saves screenshots of the index,
the changelist and the change form, light and dark, at phone and desktop widths. Any error
in the browser's console fails the run.

    python3 admin_browser.py http://127.0.0.1:8000 USER PASSWORD SCREENSHOT_DIR
"""
from pony_browser import *  # noqa: F401,F403 (driver, helpers, BASE, USER, PASSWORD, SHOTS)

try:
    # Anonymous: the login page, with the next page kept.
    open_page("/admin/")
    expect("/admin/login/" in driver.current_url, "anonymous was not sent to the login page")
    shoot("login")
    log_in()
    expect(driver.current_url.rstrip("/").endswith("/admin"), "login did not land on the index: " + driver.current_url)
    expect("Site administration" in driver.page_source, "the index has no title")
    shoot("index")

    # Add a row.
    open_page("/admin/counter/countlog/add/")
    field = driver.find_element(By.ID, "id_path")
    field.send_keys("/from-the-browser")
    submit("_continue")
    wait_for("was added successfully", "no success message after adding")
    check_console("add")
    expect(driver.current_url.endswith("/change/"), "save and continue did not stay on the change page")
    shoot("change_form")

    # Edit it.
    field = driver.find_element(By.ID, "id_path")
    field.clear()
    field.send_keys("/edited")
    submit("_save")
    wait_for("was changed successfully", "no success message after changing")
    check_console("change")
    expect(driver.find_elements(By.XPATH, "//tr[td[normalize-space()='/edited']]"), "the changed row is not listed")
    shoot("change_list")

    # Keyboard: the select-all box ticks every row, and the counter says so.
    toggle = driver.find_element(By.ID, "action-toggle")
    toggle.click()
    counter = driver.find_element(By.CSS_SELECTOR, ".action-counter").text
    rows = len(driver.find_elements(By.CSS_SELECTOR, "input.action-select"))
    expect(counter == "%d of %d selected" % (rows, rows), "the action counter says %r" % counter)
    toggle.click()

    # The theme toggle cycles auto → light → dark and says so.
    button = driver.find_element(By.CSS_SELECTOR, ".theme-toggle")
    button.click()
    button.click()
    expect(driver.execute_script("return document.documentElement.dataset.theme") == "dark", "the toggle did not go dark")
    expect("current theme: dark" in button.get_attribute("aria-label"), "the toggle's label did not follow")
    button.click()

    # Delete it through the confirmation page.
    driver.find_element(By.XPATH, "//tr[td[normalize-space()='/edited']]/th/a").click()
    driver.find_element(By.CSS_SELECTOR, "a.deletelink").click()
    wait_for("Are you sure you want to delete", "no delete confirmation")
    check_console("delete")
    driver.find_element(By.CSS_SELECTOR, 'input[type=submit][value="Yes, I’m sure"]').click()
    wait_for("was deleted successfully", "no success message after deleting")
    check_console("deleted")
    expect(not driver.find_elements(By.XPATH, "//tr[td[normalize-space()='/edited']]"), "the deleted row is still listed")

    # Every label of the change form names an input (accessibility).
    open_page("/admin/counter/countlog/add/")
    for label in driver.find_elements(By.CSS_SELECTOR, "form label[for]"):
        target = label.get_attribute("for")
        expect(driver.find_elements(By.ID, target), "label for %s has no field" % target)
finally:
    driver.quit()

finish()
