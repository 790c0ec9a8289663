#!/usr/bin/env python3
"""The admin's widgets in a real browser, against Tests/Browser/blog.swift: the slug fills
from the title as it is typed (prepopulatedFields), the author is found by typing in the
search box (autocompleteFields) or added in a pop-up, a comment's post is picked in the raw-id pop-up
(rawIdFields), a comment's author is found by searching in the post's inline, a tag is added in
the post's generic inline (GenericStackedInline), and the changelist
drills down by date (dateHierarchy). Any error in the
browser's console fails the run.

    python3 widgets_browser.py http://127.0.0.1:8000 USER PASSWORD SCREENSHOT_DIR
"""
from selenium.webdriver.support.ui import Select

from pony_browser import *  # noqa: F401,F403 (driver, helpers, BASE, USER, PASSWORD, SHOTS)


def wait_until(condition, what):
    try:
        WebDriverWait(driver, 10).until(lambda d: condition())
    except Exception:
        problems.append(what)


def in_popup(link_id, work, what):
    """Clicks the link that opens a pop-up, does `work` there, waits for the pop-up to close
    itself, and comes back."""
    opener = driver.current_window_handle
    driver.find_element(By.ID, link_id).click()
    wait_until(lambda: len(driver.window_handles) == 2, "%s: no pop-up opened" % what)
    popup = [handle for handle in driver.window_handles if handle != opener]
    if popup:
        driver.switch_to.window(popup[0])
        work()
        wait_until(lambda: len(driver.window_handles) == 1, "%s: the pop-up did not close" % what)
    driver.switch_to.window(opener)


try:
    log_in()
    open_page("/admin/blog/author/add/")
    driver.find_element(By.ID, "id_name").send_keys("Ann Example")
    submit("_save")
    wait_for("was added successfully", "no success message after adding an author")

    # The slug follows the title, with Django's URLify.
    open_page("/admin/blog/post/add/")
    driver.find_element(By.ID, "id_title").send_keys("Déjà vu, again!")
    slug = driver.find_element(By.ID, "id_slug").get_attribute("value")
    expect(slug == "deja-vu-again", "the slug was not prepopulated: %r" % slug)

    # The author: type in the search box, then choose from what it found.
    search = driver.find_element(By.CSS_SELECTOR, "input.autocomplete-search")
    expect(search.get_attribute("aria-controls") == "id_author", "the search box does not name its select")
    search.send_keys("ann")
    select = driver.find_element(By.ID, "id_author")
    wait_until(lambda: any(o.text == "Ann Example" for o in Select(select).options), "the search found no author")
    Select(select).select_by_visible_text("Ann Example")
    shoot("autocomplete")

    # "Add another author" in a pop-up: its save puts the new author in the <select>.
    def add_author():
        driver.find_element(By.ID, "id_name").send_keys("Bo Popup")
        submit("_save")

    in_popup("add_id_author", add_author, "add another author")
    chosen = Select(driver.find_element(By.ID, "id_author")).first_selected_option.text
    expect(chosen == "Bo Popup", "the pop-up's author was not chosen: %r" % chosen)
    expect(driver.find_element(By.ID, "change_id_author").is_displayed(), "no link to change the chosen author")
    Select(driver.find_element(By.ID, "id_author")).select_by_visible_text("Ann Example")
    submit("_save")
    wait_for("was added successfully", "no success message after adding a post")
    check_console("post")
    post_link = driver.find_element(By.XPATH, "//tr/th/a[normalize-space()='Déjà vu, again!']")
    post_id = post_link.get_attribute("href").rstrip("/").split("/")[-2]

    # The date drill-down lists this year, and a click narrows to its months.
    year = driver.find_element(By.CSS_SELECTOR, "ul.toplinks a")
    year.click()
    wait_for("‹ All dates", "the date drill-down did not narrow to a year")
    check_console("date hierarchy")

    # A comment's post, picked in the lookup pop-up.
    open_page("/admin/blog/comment/add/")
    def pick_post():
        wait_for("Déjà vu, again!", "the pop-up does not list the post")
        check_console("pop-up")
        driver.find_element(By.XPATH, "//tr/th/a[normalize-space()='Déjà vu, again!']").click()

    in_popup("lookup_id_post", pick_post, "raw-id lookup")
    chosen = driver.find_element(By.ID, "id_post").get_attribute("value")
    expect(chosen == post_id, "the pop-up put %r in the box, not %r" % (chosen, post_id))
    driver.find_element(By.ID, "id_body").send_keys("Seen it.")
    submit("_continue")
    wait_for("was added successfully", "no success message after adding a comment")
    check_console("comment")
    expect("Déjà vu, again!" in driver.find_element(By.CSS_SELECTOR, ".field-post strong").text,
           "the change page does not name the chosen post")
    shoot("raw_id")

    # The post's inline: the blank comment row's author, found by searching.
    open_page("/admin/blog/post/%s/change/" % post_id)
    driver.find_element(By.ID, "id_comment_set-1-body").send_keys("Inline words.")
    search = driver.find_element(By.CSS_SELECTOR, "input.autocomplete-search[aria-controls='id_comment_set-1-author']")
    expect(search.get_attribute("aria-label") == "Search author", "the inline's search box has no label")
    search.send_keys("ann")
    select = driver.find_element(By.ID, "id_comment_set-1-author")
    wait_until(lambda: any(o.text == "Ann Example" for o in Select(select).options),
               "the inline's search found no author")
    Select(select).select_by_visible_text("Ann Example")
    shoot("inline_autocomplete")
    submit("_continue")
    wait_for("was changed successfully", "no success message after adding a comment inline")
    check_console("inline")
    chosen = Select(driver.find_element(By.ID, "id_comment_set-1-author")).first_selected_option.text
    expect(chosen == "Ann Example", "the inline comment's author was not saved: %r" % chosen)

    # The post's generic inline: a tag added on the post's page points to the post.
    tag = driver.find_element(By.ID, "id_blog-tag-contentType-objectId-0-label")
    tag.send_keys("travel")
    expect(not driver.find_elements(By.ID, "id_blog-tag-contentType-objectId-0-objectId"),
           "the generic inline shows its object id")
    submit("_continue")
    wait_for("was changed successfully", "no success message after adding a tag inline")
    check_console("generic inline")
    saved = driver.find_element(By.ID, "id_blog-tag-contentType-objectId-0-label")
    expect(saved.get_attribute("value") == "travel", "the generic inline's tag was not saved: %r"
           % saved.get_attribute("value"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", saved)
    shoot("generic_inline")
    open_page("/admin/blog/tag/")
    wait_for("travel", "the tag is not listed")
finally:
    driver.quit()

finish()
