// The axis's console: calls and failures per hour (Plotly from the plotly wheel).
(function () {
  "use strict";
  const chart = document.getElementById("exchange-chart");
  if (!chart || !window.Plotly) return;
  const data = JSON.parse(chart.dataset.chart);
  const hour = 3600 * 1000;
  const bars = (y, colour) => ({ x: data.x, y: y, type: "bar", width: hour * 0.9,
    offset: 0, marker: { color: colour } });
  // Failures drawn over the calls, in red: the grey is what went well.
  window.Plotly.newPlot(chart, [bars(data.calls, "#8fa3b8"), bars(data.failed, "#b3261e")], {
    barmode: "overlay", margin: { t: 10, r: 10, b: 40, l: 50 }, height: 280, showlegend: false,
    separators: ", ", xaxis: { type: "date", range: data.range, tickformat: "%H:%M<br>%d/%m" },
  }, { displayModeBar: false, responsive: true });
})();
