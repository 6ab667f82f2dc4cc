// Settings: when no time zone is chosen yet, fill in the browser's own, and say so.
(function () {
  "use strict";
  const select = document.getElementById("time_zone");
  const note = document.getElementById("time-zone-detected");
  if (!select || !note || select.value) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!Array.from(select.options).some((option) => option.value === zone)) return;
  select.value = zone;
  note.textContent = "Your browser says your time zone is " + zone + ". Save your profile to keep it.";
  note.hidden = false;
})();
