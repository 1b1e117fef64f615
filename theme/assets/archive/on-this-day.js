/*
 * The home page's "On this day", for the reader's own day: the stories of today's month and day in
 * earlier years, read from a small index the generator writes (generator/pages/on_this_day.py);
 * on a day with none, the nearest day that has some. Before this runs, or without script, the
 * section shows the newest story's day, as the page was built.
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var section = document.getElementById("archive-on-this-day");
  var search = document.querySelector("[data-archive-search]");  // the theme's: it knows the way to the root
  if (!section || !search) return;
  var base = search.getAttribute("data-base") || ".";
  if (base.slice(-1) !== "/") base += "/";
  var state = { days: null, months: new Map() };

  window.archiveOnThisDay = {
    days: function (days) { state.days = days; },
    month: function (month, stories) { state.months.set(month, stories); }
  };

  function load(path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + path;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + path)); };
      document.head.appendChild(script);
    });
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // The calendar day of the list nearest to month-day, in either direction, the year going round.
  function nearest(days, month, day) {
    var target = Date.UTC(2000, month - 1, day), best = null, bestDistance = Infinity;
    days.forEach(function (key) {
      var m = Number(key.slice(0, 2)), d = Number(key.slice(3, 5));
      var distance = Math.abs(Date.UTC(2000, m - 1, d) - target);
      distance = Math.min(distance, 366 * 864e5 - distance);
      if (distance < bestDistance) { best = [m, d]; bestDistance = distance; }
    });
    return best;
  }

  function item(story) {
    // a card of kicker (the year) and headline, in the shape of generator/pages/templates/_card.html.j2
    var li = document.createElement("li");
    var kicker = document.createElement("p"), title = document.createElement("h3"), link = document.createElement("a");
    kicker.className = "kicker";
    kicker.textContent = String(story[0]);
    link.href = base + story[1];
    link.textContent = story[2];
    title.appendChild(link);
    li.appendChild(kicker);
    li.appendChild(title);
    return li;
  }

  function show(month, day, stories, today) {
    var heading = section.querySelector("h2"), note = section.querySelector(".on-this-day__note");
    var list = section.querySelector("ol.story-list"), more = section.querySelector(".up a");
    var name = day + " " + MONTHS[month - 1];
    var isToday = month === today.getMonth() + 1 && day === today.getDate();
    heading.textContent = isToday ? "On this day, " + name : "On " + name;
    note.textContent = isToday ? "Stories of " + name + " in earlier years." :
      "No story of earlier years was dated " + today.getDate() + " " + MONTHS[today.getMonth()] +
      "; the nearest day with stories is " + name + ".";
    if (!list) {
      list = document.createElement("ol");
      list.className = "story-list";
      note.after(list);
    }
    list.setAttribute("aria-label", "On " + name);
    list.textContent = "";
    stories.forEach(function (story) { list.appendChild(item(story)); });
    if (more) {
      more.href = base + "archive/on-this-day/" + two(month) + "-" + two(day) + ".html";
      more.textContent = "Every story of " + name;
    }
    section.setAttribute("data-reader-day", two(month) + "-" + two(day));
  }

  function earlier(stories, year) {
    return (stories || []).filter(function (story) { return story[0] < year; });
  }

  var today = new Date();
  load("archive/on-this-day/days.js").then(function () {
    var month = today.getMonth() + 1, day = today.getDate();
    var key = two(month) + "-" + two(day);
    // The reader's own day first; its month's file is there only if some day of the month has stories.
    var hasMonth = state.days.some(function (d) { return d.slice(0, 2) === two(month); });
    return (hasMonth ? load("archive/on-this-day/month-" + two(month) + ".js") : Promise.resolve()).then(function () {
      var own = earlier((state.months.get(month) || {})[two(day)], today.getFullYear());
      if (own.length) return show(month, day, own, today);
      var others = state.days.filter(function (d) { return d !== key; });
      var near = nearest(others.length ? others : state.days, month, day);
      if (!near) return null;
      return load("archive/on-this-day/month-" + two(near[0]) + ".js").then(function () {
        var stories = (state.months.get(near[0]) || {})[two(near[1])] || [];
        var before = earlier(stories, today.getFullYear());
        show(near[0], near[1], before.length ? before : stories, today);
      });
    });
  }).catch(function () {
    // The index is not there (a partial copy of the site): the section stays as the page was built.
  });
})();
