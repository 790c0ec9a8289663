"""Shared by the browser tests: headless Chromium (Debian's chromium + chromium-driver) under
Selenium, and helpers that collect problems instead of stopping at the first one."""
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


def log_in():
    """Logs in on the admin's login page and waits for the index."""
    open_page("/admin/")
    driver.find_element(By.ID, "id_username").send_keys(USER)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]").click()
    wait_for("Site administration", "the index did not load after logging in")
    check_console("login")


def finish():
    """Prints the problems and exits non-zero if there are any."""
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("browser test passed; screenshots in", SHOTS)
