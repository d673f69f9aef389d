// The chart view: ECharts, loaded only when a chart is asked for (the table view's first paint does not wait for
// it), tree-shaken to bar and line. Categories are the detail rows; one series per column member and measure.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export function drawChart(element, p, kind, titles) {
  const detail = p.rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.subtotal);
  const categories = detail.map(({ r }) => r.values.map((v) => (v === null ? '(none)' : String(v))).join(' / '));
  const series = [];
  p.cols.forEach((c, ci) => {
    p.measures.forEach((m) => {
      const name = [...c.values.map(String), p.measures.length > 1 || c.values.length === 0 ? titles[m] : null]
        .filter(Boolean).join(' / ');
      series.push({
        name,
        type: kind === 'line' ? 'line' : 'bar',
        stack: kind === 'stacked' ? m : undefined,
        data: detail.map(({ i }) => {
          const v = p.value(i, ci, m);
          return v === null || v === undefined ? null : Number(v);
        }),
      });
    });
  });
  const chart = echarts.getInstanceByDom(element) || echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 8 ? 45 : 0 } },
    yAxis: { type: 'value' },
    series,
  }, true);
  chart.resize();
  return chart;
}

export function disposeChart(element) {
  const chart = echarts.getInstanceByDom(element);
  if (chart) chart.dispose();
}
