// The axis's console: calls and failures per hour (Plotly from the plotly wheel).
(function () {
  "use strict";
  const chart = document.getElementById("exchange-chart");
  if (!chart || !window.Plotly) return;
  const data = JSON.parse(chart.dataset.chart);
  window.Plotly.newPlot(chart, [
    { x: data.x, y: data.calls, name: chart.dataset.calls || "calls", type: "bar", marker: { color: "#8fa3b8" } },
    { x: data.x, y: data.failed, name: chart.dataset.failed || "failed", type: "bar", marker: { color: "#b3261e" } },
  ], {
    barmode: "overlay", margin: { t: 10, r: 10, b: 40, l: 50 }, height: 280, showlegend: false,
    separators: ", ", xaxis: { type: "date", tickformat: "%H:%M<br>%d/%m" },
  }, { displayModeBar: false, responsive: true });
})();
