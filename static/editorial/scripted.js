// Marks the page as running scripts, so that what only a page without them needs (the
// citation row's typed work title, beside the work autocomplete that needs a script) is
// hidden where the script runs.
document.documentElement.classList.add("scripted");
