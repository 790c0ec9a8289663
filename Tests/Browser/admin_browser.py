#!/usr/bin/env python3
"""The admin in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
by Selenium logs in, adds a row, edits it, deletes it, and saves screenshots of the index,
the changelist and the change form, light and dark, at phone and desktop widths. Any error
in the browser's console fails the run.

    python3 admin_browser.py http://127.0.0.1:8000 USER PASSWORD SCREENSHOT_DIR
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BASE, USER, PASSWORD, SHOTS = sys.argv[1:5]
os.makedirs(SHOTS, exist_ok=True)

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)
problems = []


def check_console(page):
    for entry in driver.get_log("browser"):
        if entry["level"] in ("SEVERE", "ERROR"):
            problems.append("%s: console: %s" % (page, entry["message"]))


def expect(condition, message):
    if not condition:
        problems.append(message)


def wait_for(text, what):
    """Waits (up to 10 s) for the page a click loads to show `text`; a click returns before
    the next page has loaded."""
    try:
        WebDriverWait(driver, 10).until(lambda d: text in d.page_source)
    except Exception:
        problems.append(what)


def open_page(path):
    driver.get(BASE + path)
    check_console(path)


def submit(name="_save"):
    driver.find_element(By.CSS_SELECTOR, 'input[type=submit][name="%s"]' % name).click()


def shoot(name):
    for scheme in ("light", "dark"):
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        for width, height, size in ((1280, 900, "desktop"), (390, 844, "phone")):
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"})
            driver.save_screenshot(os.path.join(SHOTS, "%s-%s-%s.png" % (name, size, scheme)))
            # Nothing may stick out sideways on a phone but the table's own scroll box.
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            expect(overflow <= 1, "%s: %s %s scrolls sideways by %spx" % (name, size, scheme, overflow))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


try:
    # Anonymous: the login page, with the next page kept.
    open_page("/admin/")
    expect("/admin/login/" in driver.current_url, "anonymous was not sent to the login page")
    shoot("login")
    driver.find_element(By.ID, "id_username").send_keys(USER)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]").click()
    wait_for("Site administration", "the index did not load after logging in")
    check_console("login")
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

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("browser test passed; screenshots in", SHOTS)
