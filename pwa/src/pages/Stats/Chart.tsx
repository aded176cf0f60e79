import { BarChart, PieChart, type BarChartData, type BarChartOptions, type PieChartData, type PieChartOptions } from 'chartist'
import 'chartist/dist/index.css'
import { useEffect, useRef } from 'react'

type Props =
  | { type: 'bar'; data: BarChartData; options?: BarChartOptions; label: string; testId?: string }
  | { type: 'pie'; data: PieChartData; options?: PieChartOptions; label: string; testId?: string }

/** One Chartist chart (SVG), redrawn when its data changes. */
export function Chart(props: Props) {
  const element = useRef<HTMLDivElement>(null)
  const { type, data, options } = props
  useEffect(() => {
    if (!element.current) return
    const chart =
      type === 'bar'
        ? new BarChart(element.current, data as BarChartData, options as BarChartOptions)
        : new PieChart(element.current, data as PieChartData, options as PieChartOptions)
    return () => {
      chart.detach()
    }
  }, [type, data, options])
  return <div ref={element} role="img" aria-label={props.label} data-testid={props.testId} />
}
