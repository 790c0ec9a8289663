"""/api/docs in headless Chromium: Swagger UI loads from Pony's own files (no network beyond
the server), lists the operations, opens one, and the console stays clean.

    python3 docs_browser.py BASE_URL SCREENSHOT_DIR
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

base, shots = sys.argv[1], sys.argv[2]
os.makedirs(shots, exist_ok=True)
options = Options()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
requested = []
try:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.get(base + "/api/docs")
    wait = WebDriverWait(driver, 20)
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    title = driver.find_element(By.CSS_SELECTOR, ".info .title").text
    assert "Todo API" in title, title
    operations = driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    paths = {element.get_attribute("data-path") or element.text for element in operations}
    assert "/api/lists" in paths and "/api/todos/{id}" in paths, paths
    tags = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-tag")]
    assert any("lists" in tag for tag in tags) and any("todos" in tag for tag in tags), tags
    driver.save_screenshot(os.path.join(shots, "api-docs.png"))
    driver.find_element(By.CSS_SELECTOR, ".opblock-post .opblock-summary").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock.is-open")))
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(shots, "api-docs-operation.png"))
    # "Try it out" sends a real request from the page: without credentials, a 401.
    driver.find_element(By.CSS_SELECTOR, ".opblock-get .opblock-summary").click()
    # NB: the block gets `is-open` before Swagger UI renders its body: wait for each button.
    clickable = expected_conditions.element_to_be_clickable
    wait.until(clickable((By.CSS_SELECTOR, ".opblock-get.is-open .try-out__btn"))).click()
    wait.until(clickable((By.CSS_SELECTOR, ".opblock-get.is-open .execute"))).click()
    status = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock-get.is-open .live-responses-table tbody .response-col_status"))
    )
    assert status.text.strip().startswith("401"), status.text
    driver.save_screenshot(os.path.join(shots, "api-docs-try-it-out.png"))
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [url for url in resources if not url.startswith(base)]
    assert not foreign, f"requests beyond the server: {foreign}"
    # The 401 of "Try it out" is logged as a failed load; anything else is an error.
    errors = [
        entry for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "/api/lists - Failed to load resource" not in entry["message"]
    ]
    assert not errors, errors
    print(f"docs page: {len(operations)} operations, screenshots in {shots}")
finally:
    driver.quit()
