package sc.fiji.diffusion.schedule;

/**
 * The coefficients of one linear sampler update
 * <pre>
 *   x_next = a * x_t + b * eps_theta(x_t, t) + c * z,   z ~ N(0, I)
 * </pre>
 * Every first-order step rule (DDPM ancestral, DDIM with any eta) has this form, so the network
 * executor only needs these three numbers per step; the rules that derive them live in the sampler.
 */
public final class StepCoefficients {

	public final double a, b, c;

	public StepCoefficients(final double a, final double b, final double c) {
		if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && c >= 0))
			throw new IllegalArgumentException("Invalid step coefficients a=" + a + ", b=" + b + ", c=" + c);
		this.a = a;
		this.b = b;
		this.c = c;
	}

	@Override
	public String toString() {
		return String.format("x_next = %.6g x + %.6g eps + %.6g z", a, b, c);
	}
}
