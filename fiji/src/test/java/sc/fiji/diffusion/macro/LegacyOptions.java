/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.Macro;

/**
 * The options string of an ImageJ 1 macro's {@code run("Label", "key=value key2=[value with spaces]")},
 * read the way Fiji's imagej-legacy reads it for a SciJava command: each input's value is
 * {@code ij.Macro.getValue(options, name, null)}, i.e. the first {@code name=} (the @Parameter name
 * lower-cased, as the macro recorder writes it) not preceded by a letter, its value up to the next space,
 * or inside {@code [...]} (nested brackets allowed) or {@code '...'}. The option text itself is not
 * lower-cased, so keys must be written in lower case. A bare key (no {@code =}) is how ImageJ 1 dialogs
 * record a ticked checkbox; here it means {@code true} for a boolean input.
 * <p>
 * {@link #parse(String)} additionally splits the whole string into its keys, so that the bridge can refuse
 * keys that match no input (Fiji silently ignores them) and keys that {@code Macro.getValue} would read from
 * another key (e.g. {@code seed=} inside {@code mask_seed=} when {@code seed} is not given before it).
 */
public final class LegacyOptions {

	private LegacyOptions() {}

	/** The key under which an input named {@code parameterName} is looked up: lower-cased, as ImageJ 1 does. */
	public static String key(final String parameterName) {
		return Macro.trimKey(parameterName);
	}

	/**
	 * The options' keys in order, each with its value ({@code [...]} and {@code '...'} unwrapped), or null for
	 * a bare key. Keys are kept as written.
	 *
	 * @throws IllegalArgumentException for an unclosed {@code [} or {@code '}
	 */
	public static Map<String, String> parse(final String options) {
		final Map<String, String> out = new LinkedHashMap<>();
		if (options == null) return out;
		final String s = options;
		int i = 0;
		final int n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= n) break;
			int j = i;
			while (j < n && s.charAt(j) != '=' && !Character.isWhitespace(s.charAt(j))) j++;
			final String key = s.substring(i, j);
			if (j >= n || s.charAt(j) != '=') { // bare key
				out.put(key, null);
				i = j;
				continue;
			}
			j++; // past '='
			final String value;
			if (j < n && s.charAt(j) == '[') {
				int depth = 0, k = j;
				for (; k < n; k++) {
					if (s.charAt(k) == '[') depth++;
					else if (s.charAt(k) == ']' && --depth == 0) break;
				}
				if (k >= n) throw new IllegalArgumentException("Unclosed [ in the value of '" + key + "': " + options);
				value = s.substring(j + 1, k);
				i = k + 1;
			}
			else if (j < n && s.charAt(j) == '\'') {
				final int k = s.indexOf('\'', j + 1);
				if (k < 0) throw new IllegalArgumentException("Unclosed ' in the value of '" + key + "': " + options);
				value = s.substring(j + 1, k);
				i = k + 1;
			}
			else {
				int k = j;
				while (k < n && !Character.isWhitespace(s.charAt(k))) k++;
				value = s.substring(j, k);
				i = k;
			}
			out.put(key, value);
		}
		return out;
	}

	/** The value of the input {@code parameterName} as imagej-legacy reads it, or null if not given (or bare). */
	public static String value(final String options, final String parameterName) {
		return options == null ? null : Macro.getValue(options, parameterName, null);
	}

	/** Whether {@code parameterName} is given as a bare key (a ticked checkbox). */
	public static boolean bare(final String options, final String parameterName) {
		final Map<String, String> m = parse(options);
		final String k = key(parameterName);
		return m.containsKey(k) && m.get(k) == null;
	}

	/** The keys of {@code options} that name none of {@code parameterNames}. */
	public static List<String> unknownKeys(final String options, final Iterable<String> parameterNames) {
		final List<String> known = new ArrayList<>();
		for (final String p : parameterNames) known.add(key(p));
		final List<String> unknown = new ArrayList<>();
		for (final String k : parse(options).keySet())
			if (!known.contains(k)) unknown.add(k);
		return Collections.unmodifiableList(unknown);
	}

	/**
	 * Converts a macro value to an input type: {@code String}, {@code int}/{@code long} (digits only, as
	 * scijava's {@code StringToNumberConverter}, which tries {@code new Integer(text)}: Fiji would not read
	 * {@code 4.0} as 4), {@code double}/{@code float}, {@code boolean} ({@code true}/{@code false}, any case), or
	 * {@code File} (empty: null).
	 *
	 * @throws IllegalArgumentException if the text is not a value of that type, or the type is not supported
	 */
	public static Object convert(final String text, final Class<?> type, final String key) {
		final String t = text.trim();
		try {
			if (type == String.class) return text;
			if (type == File.class) return t.isEmpty() ? null : new File(t);
			if (type == int.class || type == Integer.class) {
				final long v = integral(t);
				if (v != (int) v) throw new NumberFormatException();
				return (int) v;
			}
			if (type == long.class || type == Long.class) return integral(t);
			if (type == double.class || type == Double.class) return Double.parseDouble(t);
			if (type == float.class || type == Float.class) return Float.parseFloat(t);
			if (type == boolean.class || type == Boolean.class) {
				if (t.equalsIgnoreCase("true")) return true;
				if (t.equalsIgnoreCase("false")) return false;
				throw new NumberFormatException();
			}
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("'" + key + "=" + text + "' is not a " + type.getSimpleName().toLowerCase(Locale.ROOT) + " value");
		}
		throw new IllegalArgumentException("'" + key + "': inputs of type " + type.getName() + " cannot be set from a macro here");
	}

	private static long integral(final String t) {
		return Long.parseLong(t);
	}
}
